/** Every Kafka topic of the public contract (API.md, "Kafka topics"). */
export const Topics = {
  MessageCreated: 'message.created',
  MessageUpdated: 'message.updated',
  MessageDeleted: 'message.deleted',
  ReactionAdded: 'reaction.added',
  ReactionRemoved: 'reaction.removed',
  ChannelCreated: 'channel.created',
  ChannelUpdated: 'channel.updated',
  ChannelMemberAdded: 'channel.member_added',
  ChannelMemberRemoved: 'channel.member_removed',
  UserCreated: 'user.created',
  UserUpdated: 'user.updated',
  PresenceUpdated: 'presence.updated',
  FileUploaded: 'file.uploaded',
  FileScanned: 'file.scanned',
  ModerationAction: 'moderation.action',
  AuditRecorded: 'audit.recorded',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

/**
 * The changes in a channel: each event of these topics carries the channel's change number `rev`
 * (per channel, no gaps, no repeats), and `sync` and `GET /channels/{id}/changes` replay them.
 */
export const CHANNEL_CHANGE_TOPICS = [
  Topics.MessageCreated,
  Topics.MessageUpdated,
  Topics.MessageDeleted,
  Topics.ReactionAdded,
  Topics.ReactionRemoved,
] as const;
export type ChannelChangeTopic = (typeof CHANNEL_CHANGE_TOPICS)[number];

/**
 * Partitions of each topic (its `.dlq` twin gets as many). Events keyed by channel spread over 3 so
 * channels are consumed in parallel while one channel stays in order; the rest are low-volume.
 * The stack and docker-compose create topics from this map through deploy/topology.env
 * (`node tools/topology/write.mjs` regenerates it; a test fails when it is stale).
 */
export const TOPIC_PARTITIONS = {
  'message.created': 3,
  'message.updated': 3,
  'message.deleted': 3,
  'reaction.added': 3,
  'reaction.removed': 3,
  'channel.created': 3,
  'channel.updated': 3,
  'channel.member_added': 3,
  'channel.member_removed': 3,
  'user.created': 1,
  'user.updated': 1,
  'presence.updated': 1,
  'file.uploaded': 1,
  'file.scanned': 1,
  'moderation.action': 1,
  'audit.recorded': 1,
} as const satisfies Record<Topic, number>;

/** Poison records of `topic` are parked here with the error in their headers. */
export function dlqTopic(topic: Topic): `${Topic}.dlq` {
  return `${topic}.dlq`;
}

export function isTopic(value: string): value is Topic {
  return (ALL_TOPICS as readonly string[]).includes(value);
}
