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

/** Poison records of `topic` are parked here with the error in their headers. */
export function dlqTopic(topic: Topic): `${Topic}.dlq` {
  return `${topic}.dlq`;
}

export function isTopic(value: string): value is Topic {
  return (ALL_TOPICS as readonly string[]).includes(value);
}
