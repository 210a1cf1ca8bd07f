import { z } from 'zod';
import { lenient } from './common';
import {
  AuditRecordedSchema,
  ChannelMemberChangedSchema,
  ChannelSchema,
  FileScannedSchema,
  FileUploadedSchema,
  MessageDeletedSchema,
  MessageSchema,
  ModerationActionSchema,
  PresenceUpdatedSchema,
  ReactionChangedSchema,
  UserSchema,
} from './payloads';
import { Topic, Topics } from './topics';

interface TopicContract<S extends z.ZodType> {
  /** What a producer may emit: strict, so nothing the contract does not name leaves a service. */
  schema: S;
  /** What a consumer accepts: the same rules, unknown fields dropped (see payloads.ts). */
  consumed: S;
  /** The record key: the channel id, or the user id where there is no channel (API.md). */
  key: (data: z.infer<S>) => string;
}

function contract<S extends z.ZodType>(schema: S, key: (data: z.infer<S>) => string): TopicContract<S> {
  return { schema, consumed: lenient(schema), key };
}

/**
 * Topic -> payload schema -> partition key. `satisfies` makes a topic without a contract a compile
 * error, so adding a topic to `Topics` forces its schema to be written here.
 */
export const TopicRegistry = {
  [Topics.MessageCreated]: contract(MessageSchema, (d) => d.channel_id),
  [Topics.MessageUpdated]: contract(MessageSchema, (d) => d.channel_id),
  [Topics.MessageDeleted]: contract(MessageDeletedSchema, (d) => d.channel_id),
  [Topics.ReactionAdded]: contract(ReactionChangedSchema, (d) => d.channel_id),
  [Topics.ReactionRemoved]: contract(ReactionChangedSchema, (d) => d.channel_id),
  [Topics.ChannelCreated]: contract(ChannelSchema, (d) => d.id),
  [Topics.ChannelUpdated]: contract(ChannelSchema, (d) => d.id),
  [Topics.ChannelMemberAdded]: contract(ChannelMemberChangedSchema, (d) => d.channel_id),
  [Topics.ChannelMemberRemoved]: contract(ChannelMemberChangedSchema, (d) => d.channel_id),
  [Topics.UserCreated]: contract(UserSchema, (d) => d.id),
  [Topics.UserUpdated]: contract(UserSchema, (d) => d.id),
  [Topics.PresenceUpdated]: contract(PresenceUpdatedSchema, (d) => d.user_id),
  [Topics.FileUploaded]: contract(FileUploadedSchema, (d) => d.channel_id),
  [Topics.FileScanned]: contract(FileScannedSchema, (d) => d.channel_id),
  [Topics.ModerationAction]: contract(ModerationActionSchema, (d) => d.channel_id ?? d.target_user_id),
  [Topics.AuditRecorded]: contract(AuditRecordedSchema, (d) => d.resource_id ?? d.id),
} satisfies Record<Topic, TopicContract<z.ZodType>>;

export type PayloadOf<T extends Topic> = z.infer<(typeof TopicRegistry)[T]['schema']>;
