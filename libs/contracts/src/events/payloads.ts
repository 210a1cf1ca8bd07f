import { z } from 'zod';
import { isoTime, uuid } from './common';

/**
 * The schema of each event's `data`, as producers must write it (strict: an unknown field is a bug
 * in the producer). Consumers read with `lenient` copies (registry.ts), which drop unknown fields, so
 * producers and consumers can be deployed in any order.
 *
 * Compatible within envelope version 1 (just deploy; roll producers and consumers in any order):
 * - adding an optional field (consumers that do not know it drop it; ones that do must cope with
 *   its absence in older events still on the topics);
 * - relaxing a rule a consumer relies on nowhere (a longer maximum, a new enum value that no older
 *   consumer switches on exhaustively).
 * Breaking, so a new envelope `version` (envelope.ts), with consumers reading both versions deployed
 * before any producer writes the new one:
 * - removing or renaming a field, making an optional field required, changing a field's type or
 *   meaning, tightening a rule, a new enum value older consumers cannot handle.
 * A consumer that meets a version it does not know parks the record on `<topic>.dlq` with the reason.
 */

export const ReactionSummarySchema = z.strictObject({
  emoji: z.string().min(1).max(64),
  count: z.int().nonnegative(),
  user_ids: z.array(uuid),
});

export const MessageSchema = z.strictObject({
  id: uuid,
  channel_id: uuid,
  seq: z.int().positive(),
  user_id: uuid,
  // Counted in code points, as the REST schema counts it (rest/messages.ts): 40,000 emoji fit.
  content: z
    .string()
    .refine((text) => [...text].length <= 40_000, { message: 'must be at most 40000 characters' }),
  thread_root_id: uuid.nullable(),
  reply_count: z.int().nonnegative(),
  last_reply_at: isoTime.nullable(),
  also_send_to_channel: z.boolean(),
  reactions: z.array(ReactionSummarySchema),
  files: z.array(
    z.strictObject({ id: uuid, filename: z.string(), content_type: z.string(), size_bytes: z.int() }),
  ),
  mentions: z.array(uuid),
  mentions_channel: z.boolean().optional(),
  /** `@here` was written: the members online now are notified. */
  mentions_here: z.boolean().optional(),
  created_at: isoTime,
  edited_at: isoTime.nullable(),
  deleted_at: isoTime.nullable(),
});

export const MessageDeletedSchema = z.strictObject({
  id: uuid,
  channel_id: uuid,
  seq: z.int().positive(),
  thread_root_id: uuid.nullable(),
  deleted_by: uuid,
  deleted_at: isoTime,
});

export const ReactionChangedSchema = z.strictObject({
  message_id: uuid,
  channel_id: uuid,
  user_id: uuid,
  emoji: z.string().min(1).max(64),
});

export const ChannelTypeSchema = z.enum(['public', 'private', 'dm']);

export const ChannelSchema = z.strictObject({
  id: uuid,
  name: z.string().min(1).max(80),
  description: z.string().max(1000),
  type: ChannelTypeSchema,
  created_by: uuid,
  created_at: isoTime,
  archived_at: isoTime.nullable(),
  member_count: z.int().nonnegative(),
});

export const MemberRoleSchema = z.enum(['owner', 'admin', 'member']);

export const ChannelMemberChangedSchema = z.strictObject({
  channel_id: uuid,
  channel_type: ChannelTypeSchema,
  user_id: uuid,
  role: MemberRoleSchema,
  by_user_id: uuid.nullable(),
  /**
   * The channel's membership version after this change (channels bumps it on every add, role change
   * and removal), so a projection never lets an older change overwrite a newer one.
   */
  member_version: z.int().nonnegative().optional(),
});

export const UserSchema = z.strictObject({
  id: uuid,
  username: z.string().min(1).max(255),
  email: z.string().max(320).nullable(),
  display_name: z.string().max(255),
  roles: z.array(z.string()),
  status_text: z.string().max(140).nullable(),
  status_emoji: z.string().max(64).nullable(),
  status_expiry: isoTime.nullable(),
  created_at: isoTime,
});

export const PresenceStatusSchema = z.enum(['online', 'away', 'dnd', 'offline']);

export const PresenceUpdatedSchema = z.strictObject({
  user_id: uuid,
  status: PresenceStatusSchema,
  last_seen_at: isoTime.nullable(),
});

export const FileUploadedSchema = z.strictObject({
  file_id: uuid,
  channel_id: uuid,
  uploader_id: uuid,
  filename: z.string().min(1).max(255),
  content_type: z.string().min(1).max(255),
  size_bytes: z.int().nonnegative(),
});

export const ScanStatusSchema = z.enum(['pending', 'clean', 'infected']);

export const FileScannedSchema = z.strictObject({
  file_id: uuid,
  channel_id: uuid,
  uploader_id: uuid,
  scan_status: ScanStatusSchema,
  signature: z.string().max(255).nullable(),
  /** Whether a preview was made (clean images): search shows it beside the file. Added later, so optional. */
  has_thumbnail: z.boolean().optional(),
});

export const ModerationActionTypeSchema = z.enum(['warn', 'mute', 'kick', 'ban', 'unmute', 'unban']);

export const ModerationActionSchema = z.strictObject({
  id: uuid,
  action: ModerationActionTypeSchema,
  target_user_id: uuid,
  channel_id: uuid.nullable(),
  moderator_id: uuid,
  reason: z.string().min(1).max(1000),
  duration_s: z.int().positive().nullable(),
  expires_at: isoTime.nullable(),
  created_at: isoTime,
});

export const AuditRecordedSchema = z.strictObject({
  id: uuid,
  actor_id: uuid.nullable(),
  action: z.string().min(1).max(100),
  resource_type: z.string().min(1).max(100),
  resource_id: z.string().max(255).nullable(),
  details: z.record(z.string(), z.unknown()),
  occurred_at: isoTime,
});
