import { z } from 'zod';
import { ChannelSchema, ChannelTypeSchema, MemberRoleSchema } from '../events/payloads';
import { NO_NUL, NO_NUL_MESSAGE } from './text';
import { CursorSchema, NextCursorSchema, PageLimitSchema } from './pagination';

/** Channel names are unique, lower-case, 1-80 characters of `[a-z0-9-_]` (API.md, "Channels"). */
export const ChannelNameSchema = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9_-]+$/, 'must be lower-case letters, digits, "-" or "_"');

export const ChannelDescriptionSchema = z.string().max(1000).regex(NO_NUL, NO_NUL_MESSAGE);

/** A group DM has 3 to 8 members, the caller included; a 1:1 DM has 2. */
export const DM_MIN_MEMBERS = 2;
export const DM_MAX_MEMBERS = 8;

/** `POST /api/v1/channels` */
export const CreateChannelSchema = z.strictObject({
  name: ChannelNameSchema,
  description: ChannelDescriptionSchema.optional(),
  is_private: z.boolean(),
});
export type CreateChannel = z.infer<typeof CreateChannelSchema>;

/** `PATCH /api/v1/channels/{id}`: at least one field. */
export const UpdateChannelSchema = z
  .strictObject({
    name: ChannelNameSchema.optional(),
    description: ChannelDescriptionSchema.optional(),
    is_private: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field must be given' })
  .meta({ minProperties: 1 });
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

/** `GET /api/v1/channels?scope=joined|browse&limit=&cursor=` */
export const ListChannelsQuerySchema = z.strictObject({
  scope: z.enum(['joined', 'browse']).default('joined'),
  limit: PageLimitSchema,
  cursor: CursorSchema.optional(),
});
export type ListChannelsQuery = z.infer<typeof ListChannelsQuerySchema>;

/** `GET /api/v1/channels/{id}/members?limit=&cursor=` */
export const ListMembersQuerySchema = z.strictObject({
  limit: PageLimitSchema,
  cursor: CursorSchema.optional(),
});
export type ListMembersQuery = z.infer<typeof ListMembersQuerySchema>;

/** `POST /api/v1/channels/{id}/members` */
export const AddMemberSchema = z.strictObject({
  user_id: z.uuid(),
  role: MemberRoleSchema.optional(),
});
export type AddMember = z.infer<typeof AddMemberSchema>;

/** `POST /api/v1/dms`: the other people; the caller is always in the DM. */
export const CreateDmSchema = z.strictObject({
  user_ids: z.array(z.uuid()).min(1).max(DM_MAX_MEMBERS),
});
export type CreateDm = z.infer<typeof CreateDmSchema>;

/** `POST /api/v1/channels/{id}/read` */
export const MarkReadSchema = z.strictObject({
  last_read_seq: z.int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
export type MarkRead = z.infer<typeof MarkReadSchema>;

/** Path parameters of `/channels/{id}` and `/channels/{id}/members/{user_id}`. */
export const ChannelParamsSchema = z.strictObject({ id: z.uuid() });
export const ChannelMemberParamsSchema = z.strictObject({ id: z.uuid(), user_id: z.uuid() });

/** A channel as answered; joined channels carry the caller's read state. */
export const ChannelViewSchema = ChannelSchema.extend({
  type: ChannelTypeSchema,
  is_member: z.boolean(),
  role: MemberRoleSchema.nullable(),
  unread_count: z.int().nonnegative().optional(),
  mention_count: z.int().nonnegative().optional(),
  last_read_seq: z.int().nonnegative().optional(),
  last_seq: z.int().nonnegative().optional(),
});
export type ChannelView = z.infer<typeof ChannelViewSchema>;

export const ChannelPageSchema = z.strictObject({
  items: z.array(ChannelViewSchema),
  next_cursor: NextCursorSchema,
});

export const ChannelMemberViewSchema = z.strictObject({
  channel_id: z.uuid(),
  user_id: z.uuid(),
  role: MemberRoleSchema,
  joined_at: z.string(),
});
export type ChannelMemberView = z.infer<typeof ChannelMemberViewSchema>;

export const ChannelMemberPageSchema = z.strictObject({
  items: z.array(ChannelMemberViewSchema),
  next_cursor: NextCursorSchema,
});

export const ReadStateSchema = z.strictObject({
  channel_id: z.uuid(),
  last_read_seq: z.int().nonnegative(),
  last_seq: z.int().nonnegative(),
  unread_count: z.int().nonnegative(),
  mention_count: z.int().nonnegative(),
});
export type ReadState = z.infer<typeof ReadStateSchema>;
