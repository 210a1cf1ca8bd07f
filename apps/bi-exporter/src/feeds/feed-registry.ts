import { Envelope, Topic, Topics } from '@colink/contracts';
import { AggregateDefinition, Column, FeedDefinition, FeedVersion, Row, RowContext } from './feed';

function is<T extends Topic>(event: Envelope, topic: T): event is Envelope<T> {
  return event.type === topic;
}

const eventColumns = (types: string): Column[] => [
  { name: 'event_id', type: 'VARCHAR', description: 'Kafka event id: unique per row, the dedupe key' },
  { name: 'event_type', type: 'VARCHAR', description: types },
  {
    name: 'event_time',
    type: 'TIMESTAMP',
    description: 'When it happened (UTC); its date is the dt partition',
  },
];

const eventFields = (event: Envelope, type: string): Row => ({
  event_id: event.id,
  event_type: type,
  event_time: event.occurred_at,
});

/** The part of a topic name after the family, e.g. `member_added` for `channel.member_added`. */
const suffix = (topic: Topic): string => topic.slice(topic.indexOf('.') + 1);

const codePoints = (text: string): number => [...text].length;

function unexpected(feed: string, event: Envelope): never {
  throw new Error(`the ${feed} feed has no mapping for ${event.type}`);
}

const messageColumnsV1: Column[] = [
  ...eventColumns('created | updated | deleted'),
  { name: 'message_id', type: 'VARCHAR', description: 'Message id' },
  { name: 'channel_id', type: 'VARCHAR', description: 'Channel id' },
  { name: 'seq', type: 'BIGINT', description: 'Per-channel sequence number' },
  { name: 'user_hash', type: 'VARCHAR', description: 'Author pseudonym (null on deleted)' },
  { name: 'actor_hash', type: 'VARCHAR', description: 'Who caused the event (the deleter on deleted)' },
  { name: 'thread_root_id', type: 'VARCHAR', description: 'Thread root message id for a reply' },
  { name: 'is_reply', type: 'BOOLEAN', description: 'A thread reply' },
  { name: 'also_send_to_channel', type: 'BOOLEAN', description: 'A reply also shown in the channel' },
  { name: 'content_length', type: 'INTEGER', description: 'Length of the text in characters' },
  { name: 'mention_count', type: 'INTEGER', description: 'Users mentioned' },
  { name: 'file_count', type: 'INTEGER', description: 'Files attached' },
  { name: 'created_at', type: 'TIMESTAMP', description: 'When the message was first posted (UTC)' },
  { name: 'edited_at', type: 'TIMESTAMP', description: 'Last edit (UTC)' },
  {
    name: 'content',
    type: 'VARCHAR',
    description: 'Message text: null unless the exporter runs with BI_INCLUDE_MESSAGE_TEXT=true',
  },
];

function messageRowV1(event: Envelope, context: RowContext): Row {
  if (is(event, Topics.MessageDeleted)) {
    const data = event.data;
    return {
      ...eventFields(event, 'deleted'),
      message_id: data.id,
      channel_id: data.channel_id,
      seq: data.seq,
      user_hash: null,
      actor_hash: context.pseudonym(data.deleted_by),
      thread_root_id: data.thread_root_id,
      is_reply: data.thread_root_id !== null,
      also_send_to_channel: null,
      content_length: null,
      mention_count: null,
      file_count: null,
      created_at: null,
      edited_at: null,
      content: null,
    };
  }
  if (is(event, Topics.MessageCreated) || is(event, Topics.MessageUpdated)) {
    const data = event.data;
    return {
      ...eventFields(event, suffix(event.type)),
      message_id: data.id,
      channel_id: data.channel_id,
      seq: data.seq,
      user_hash: context.pseudonym(data.user_id),
      actor_hash: context.pseudonym(event.actor_id ?? data.user_id),
      thread_root_id: data.thread_root_id,
      is_reply: data.thread_root_id !== null,
      also_send_to_channel: data.also_send_to_channel,
      content_length: codePoints(data.content),
      mention_count: data.mentions.length,
      file_count: data.files.length,
      created_at: data.created_at,
      edited_at: data.edited_at,
      content: context.includeMessageText ? data.content : null,
    };
  }
  return unexpected('messages', event);
}

const messagesV1: FeedVersion = { version: 1, columns: messageColumnsV1, toRow: messageRowV1 };

/** v2 adds the `@channel` / `@here` flags the message contract gained. */
const messagesV2: FeedVersion = {
  version: 2,
  columns: [
    ...messageColumnsV1,
    { name: 'mentions_channel', type: 'BOOLEAN', description: '`@channel` was written' },
    { name: 'mentions_here', type: 'BOOLEAN', description: '`@here` was written' },
  ],
  toRow(event, context) {
    const row = messageRowV1(event, context);
    if (is(event, Topics.MessageCreated) || is(event, Topics.MessageUpdated))
      return {
        ...row,
        mentions_channel: event.data.mentions_channel ?? false,
        mentions_here: event.data.mentions_here ?? false,
      };
    return { ...row, mentions_channel: null, mentions_here: null };
  },
};

const reactionsV1: FeedVersion = {
  version: 1,
  columns: [
    ...eventColumns('added | removed'),
    { name: 'message_id', type: 'VARCHAR', description: 'Message reacted to' },
    { name: 'channel_id', type: 'VARCHAR', description: 'Channel id' },
    { name: 'user_hash', type: 'VARCHAR', description: 'Reacting user pseudonym' },
    { name: 'emoji', type: 'VARCHAR', description: 'Short name or Unicode emoji' },
  ],
  toRow(event, context) {
    if (!is(event, Topics.ReactionAdded) && !is(event, Topics.ReactionRemoved))
      return unexpected('reactions', event);
    return {
      ...eventFields(event, suffix(event.type)),
      message_id: event.data.message_id,
      channel_id: event.data.channel_id,
      user_hash: context.pseudonym(event.data.user_id),
      emoji: event.data.emoji,
    };
  },
};

const channelsV1: FeedVersion = {
  version: 1,
  columns: [
    ...eventColumns('created | updated'),
    { name: 'channel_id', type: 'VARCHAR', description: 'Channel id' },
    { name: 'channel_type', type: 'VARCHAR', description: 'public | private | dm' },
    { name: 'name', type: 'VARCHAR', description: 'Channel name, for public channels only' },
    { name: 'created_by_hash', type: 'VARCHAR', description: 'Creator pseudonym' },
    { name: 'created_at', type: 'TIMESTAMP', description: 'Creation time (UTC)' },
    { name: 'archived_at', type: 'TIMESTAMP', description: 'Archive time (UTC), null while active' },
    { name: 'member_count', type: 'INTEGER', description: 'Members at the time of the event' },
  ],
  toRow(event, context) {
    if (!is(event, Topics.ChannelCreated) && !is(event, Topics.ChannelUpdated))
      return unexpected('channels', event);
    const data = event.data;
    return {
      ...eventFields(event, suffix(event.type)),
      channel_id: data.id,
      channel_type: data.type,
      name: data.type === 'public' ? data.name : null,
      created_by_hash: context.pseudonym(data.created_by),
      created_at: data.created_at,
      archived_at: data.archived_at,
      member_count: data.member_count,
    };
  },
};

const channelMembersV1: FeedVersion = {
  version: 1,
  columns: [
    ...eventColumns('member_added | member_removed'),
    { name: 'channel_id', type: 'VARCHAR', description: 'Channel id' },
    { name: 'channel_type', type: 'VARCHAR', description: 'public | private | dm' },
    { name: 'user_hash', type: 'VARCHAR', description: 'Member pseudonym' },
    { name: 'role', type: 'VARCHAR', description: 'owner | admin | member' },
    { name: 'by_user_hash', type: 'VARCHAR', description: 'Who added or removed them (null: themselves)' },
  ],
  toRow(event, context) {
    if (!is(event, Topics.ChannelMemberAdded) && !is(event, Topics.ChannelMemberRemoved))
      return unexpected('channel_members', event);
    const data = event.data;
    return {
      ...eventFields(event, suffix(event.type)),
      channel_id: data.channel_id,
      channel_type: data.channel_type,
      user_hash: context.pseudonym(data.user_id),
      role: data.role,
      by_user_hash: context.pseudonym(data.by_user_id),
    };
  },
};

const usersV1: FeedVersion = {
  version: 1,
  columns: [
    ...eventColumns('created | updated'),
    { name: 'user_hash', type: 'VARCHAR', description: 'User pseudonym (no name, username or email)' },
    { name: 'roles', type: 'VARCHAR[]', description: 'Realm roles' },
    { name: 'has_email', type: 'BOOLEAN', description: 'An email address is known' },
    { name: 'has_status', type: 'BOOLEAN', description: 'A status text or emoji is set' },
    { name: 'created_at', type: 'TIMESTAMP', description: 'Account creation (UTC)' },
  ],
  toRow(event, context) {
    if (!is(event, Topics.UserCreated) && !is(event, Topics.UserUpdated)) return unexpected('users', event);
    const data = event.data;
    return {
      ...eventFields(event, suffix(event.type)),
      user_hash: context.pseudonym(data.id),
      roles: [...data.roles].sort(),
      has_email: data.email !== null,
      has_status: data.status_text !== null || data.status_emoji !== null,
      created_at: data.created_at,
    };
  },
};

const extension = (filename: string): string | null => {
  const dot = filename.lastIndexOf('.');
  if (dot <= 0 || dot === filename.length - 1) return null;
  const ext = filename.slice(dot + 1).toLowerCase();
  return /^[a-z0-9]{1,10}$/.test(ext) ? ext : null;
};

const filesV1: FeedVersion = {
  version: 1,
  columns: [
    ...eventColumns('uploaded | scanned'),
    { name: 'file_id', type: 'VARCHAR', description: 'File id' },
    { name: 'channel_id', type: 'VARCHAR', description: 'Channel id' },
    { name: 'uploader_hash', type: 'VARCHAR', description: 'Uploader pseudonym' },
    { name: 'content_type', type: 'VARCHAR', description: 'MIME type (uploaded only)' },
    { name: 'file_extension', type: 'VARCHAR', description: 'Lower-case extension (no file name)' },
    { name: 'size_bytes', type: 'BIGINT', description: 'Size in bytes (uploaded only)' },
    { name: 'scan_status', type: 'VARCHAR', description: 'clean | infected | pending (scanned only)' },
  ],
  toRow(event, context) {
    if (is(event, Topics.FileUploaded)) {
      const data = event.data;
      return {
        ...eventFields(event, 'uploaded'),
        file_id: data.file_id,
        channel_id: data.channel_id,
        uploader_hash: context.pseudonym(data.uploader_id),
        content_type: data.content_type,
        file_extension: extension(data.filename),
        size_bytes: data.size_bytes,
        scan_status: null,
      };
    }
    if (is(event, Topics.FileScanned)) {
      const data = event.data;
      return {
        ...eventFields(event, 'scanned'),
        file_id: data.file_id,
        channel_id: data.channel_id,
        uploader_hash: context.pseudonym(data.uploader_id),
        content_type: null,
        file_extension: null,
        size_bytes: null,
        scan_status: data.scan_status,
      };
    }
    return unexpected('files', event);
  },
};

const moderationV1: FeedVersion = {
  version: 1,
  columns: [
    ...eventColumns('action'),
    { name: 'action_id', type: 'VARCHAR', description: 'Moderation action id' },
    { name: 'action', type: 'VARCHAR', description: 'warn | mute | kick | ban | unmute | unban' },
    { name: 'target_user_hash', type: 'VARCHAR', description: 'Target pseudonym' },
    { name: 'moderator_hash', type: 'VARCHAR', description: 'Moderator pseudonym' },
    { name: 'channel_id', type: 'VARCHAR', description: 'Channel id, null for a global action' },
    { name: 'duration_s', type: 'BIGINT', description: 'Duration in seconds, null if open-ended' },
    { name: 'expires_at', type: 'TIMESTAMP', description: 'Expiry (UTC)' },
    { name: 'created_at', type: 'TIMESTAMP', description: 'When the action was taken (UTC)' },
  ],
  toRow(event, context) {
    if (!is(event, Topics.ModerationAction)) return unexpected('moderation', event);
    const data = event.data;
    return {
      ...eventFields(event, 'action'),
      action_id: data.id,
      action: data.action,
      target_user_hash: context.pseudonym(data.target_user_id),
      moderator_hash: context.pseudonym(data.moderator_id),
      channel_id: data.channel_id,
      duration_s: data.duration_s,
      expires_at: data.expires_at,
      created_at: data.created_at,
    };
  },
};

/** Every feed. Presence and audit events are not exported (presence is ephemeral; audit stays in admin). */
export const FEEDS: readonly FeedDefinition[] = [
  {
    name: 'messages',
    description: 'Message posts, edits and deletions',
    topics: [Topics.MessageCreated, Topics.MessageUpdated, Topics.MessageDeleted],
    versions: [messagesV1, messagesV2],
  },
  {
    name: 'reactions',
    description: 'Reactions added and removed',
    topics: [Topics.ReactionAdded, Topics.ReactionRemoved],
    versions: [reactionsV1],
  },
  {
    name: 'channels',
    description: 'Channels created and updated (names of public channels only)',
    topics: [Topics.ChannelCreated, Topics.ChannelUpdated],
    versions: [channelsV1],
  },
  {
    name: 'channel_members',
    description: 'Channel membership changes',
    topics: [Topics.ChannelMemberAdded, Topics.ChannelMemberRemoved],
    versions: [channelMembersV1],
  },
  {
    name: 'users',
    description: 'Users created and updated, pseudonymised (no names, usernames or emails)',
    topics: [Topics.UserCreated, Topics.UserUpdated],
    versions: [usersV1],
  },
  {
    name: 'files',
    description: 'Files uploaded and their virus-scan results (no file names)',
    topics: [Topics.FileUploaded, Topics.FileScanned],
    versions: [filesV1],
  },
  {
    name: 'moderation',
    description: 'Moderation actions (reasons are not exported)',
    topics: [Topics.ModerationAction],
    versions: [moderationV1],
  },
];

export const EXPORTED_TOPICS: Topic[] = FEEDS.flatMap((feed) => feed.topics);

/** Daily aggregates, recomputed from the day's committed feed rows (every version) after each commit. */
export const AGGREGATES: readonly AggregateDefinition[] = [
  {
    name: 'daily_active_users',
    description: 'Distinct users who posted, reacted or uploaded a file that day',
    version: 1,
    sources: ['messages', 'reactions', 'files'],
    columns: [
      { name: 'day', type: 'DATE', description: 'The day (UTC)' },
      { name: 'active_users', type: 'BIGINT', description: 'Posted, reacted or uploaded' },
      { name: 'posting_users', type: 'BIGINT', description: 'Posted at least one message' },
      { name: 'reacting_users', type: 'BIGINT', description: 'Added at least one reaction' },
    ],
    sql: `WITH acts AS (
        SELECT user_hash, 'post' AS kind FROM messages WHERE event_type = 'created'
        UNION ALL SELECT user_hash, 'react' FROM reactions WHERE event_type = 'added'
        UNION ALL SELECT uploader_hash, 'file' FROM files WHERE event_type = 'uploaded')
      SELECT $day AS day,
        count(DISTINCT user_hash) AS active_users,
        count(DISTINCT user_hash) FILTER (WHERE kind = 'post') AS posting_users,
        count(DISTINCT user_hash) FILTER (WHERE kind = 'react') AS reacting_users
      FROM acts`,
  },
  {
    name: 'daily_messages_per_channel',
    description: 'Messages posted per channel per day',
    version: 1,
    sources: ['messages'],
    columns: [
      { name: 'day', type: 'DATE', description: 'The day (UTC)' },
      { name: 'channel_id', type: 'VARCHAR', description: 'Channel id' },
      { name: 'messages', type: 'BIGINT', description: 'Messages posted (thread replies included)' },
      { name: 'replies', type: 'BIGINT', description: 'Of which thread replies' },
      { name: 'deleted', type: 'BIGINT', description: 'Messages deleted' },
      { name: 'posting_users', type: 'BIGINT', description: 'Distinct authors' },
    ],
    sql: `SELECT $day AS day, channel_id,
        count(*) FILTER (WHERE event_type = 'created') AS messages,
        count(*) FILTER (WHERE event_type = 'created' AND is_reply) AS replies,
        count(*) FILTER (WHERE event_type = 'deleted') AS deleted,
        count(DISTINCT user_hash) FILTER (WHERE event_type = 'created') AS posting_users
      FROM messages GROUP BY channel_id ORDER BY channel_id`,
  },
  {
    name: 'daily_files',
    description: 'Files uploaded per day, with bytes and scan results',
    version: 1,
    sources: ['files'],
    columns: [
      { name: 'day', type: 'DATE', description: 'The day (UTC)' },
      { name: 'files_uploaded', type: 'BIGINT', description: 'Files uploaded' },
      { name: 'bytes_uploaded', type: 'BIGINT', description: 'Bytes uploaded' },
      { name: 'files_clean', type: 'BIGINT', description: 'Scans that found the file clean' },
      { name: 'files_infected', type: 'BIGINT', description: 'Scans that found the file infected' },
    ],
    sql: `SELECT $day AS day,
        count(*) FILTER (WHERE event_type = 'uploaded') AS files_uploaded,
        coalesce(sum(size_bytes) FILTER (WHERE event_type = 'uploaded'), 0)::BIGINT AS bytes_uploaded,
        count(*) FILTER (WHERE scan_status = 'clean') AS files_clean,
        count(*) FILTER (WHERE scan_status = 'infected') AS files_infected
      FROM files`,
  },
  {
    name: 'daily_moderation_actions',
    description: 'Moderation actions per day and kind',
    version: 1,
    sources: ['moderation'],
    columns: [
      { name: 'day', type: 'DATE', description: 'The day (UTC)' },
      { name: 'action', type: 'VARCHAR', description: 'warn | mute | kick | ban | unmute | unban' },
      { name: 'actions', type: 'BIGINT', description: 'Actions taken' },
      { name: 'target_users', type: 'BIGINT', description: 'Distinct users targeted' },
    ],
    sql: `SELECT $day AS day, action, count(*) AS actions, count(DISTINCT target_user_hash) AS target_users
      FROM moderation GROUP BY action ORDER BY action`,
  },
];

/** A feed's schema version as written now: the newest, unless held back by BI_FEED_VERSIONS. */
export function activeVersions(pins: Map<string, number>): Map<string, FeedVersion> {
  const active = new Map<string, FeedVersion>();
  for (const [name] of pins)
    if (!FEEDS.some((feed) => feed.name === name))
      throw new Error(`BI_FEED_VERSIONS: there is no feed named ${name}`);
  for (const feed of FEEDS) {
    const pin = pins.get(feed.name);
    const version = pin === undefined ? feed.versions.at(-1) : feed.versions.find((v) => v.version === pin);
    if (!version) throw new Error(`BI_FEED_VERSIONS: the ${feed.name} feed has no version ${pin}`);
    active.set(feed.name, version);
  }
  return active;
}

export function feedOfTopic(topic: Topic): FeedDefinition | undefined {
  return FEEDS.find((feed) => feed.topics.includes(topic));
}
