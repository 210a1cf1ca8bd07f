import { z } from 'zod';
import { isoTime, uuid } from '../events/common';
import { ModerationActionTypeSchema } from '../events/payloads';
import { CursorSchema, NextCursorSchema, PageLimitSchema, queryInteger } from './pagination';
import { NOT_BLANK, NOT_BLANK_MESSAGE, NO_NUL, NO_NUL_MESSAGE } from './text';

/** `GET /api/v1/admin/audit?actor_id=&action=&resource_type=&from=&to=&format=json|csv&limit=&cursor=` */
export const AuditQuerySchema = z
  .strictObject({
    actor_id: uuid.optional(),
    action: z.string().min(1).max(100).regex(NO_NUL, NO_NUL_MESSAGE).optional(),
    resource_type: z.string().min(1).max(100).regex(NO_NUL, NO_NUL_MESSAGE).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    limit: PageLimitSchema,
    cursor: CursorSchema.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'from must not be after to',
    path: ['from'],
  });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** One entry of the append-only, hash-chained audit log. */
export interface AuditEntryView {
  id: string;
  seq: number;
  occurred_at: string;
  recorded_at: string;
  actor_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  request_id: string | null;
  trace_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** The CSV export's columns, in order (details as JSON). */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'seq',
  'occurred_at',
  'recorded_at',
  'actor_id',
  'action',
  'resource_type',
  'resource_id',
  'request_id',
  'trace_id',
  'details',
  'prev_hash',
  'hash',
] as const satisfies ReadonlyArray<keyof AuditEntryView>;

/** `GET /api/v1/admin/audit/verify` */
export interface AuditVerifyView {
  ok: boolean;
  checked: number;
  first_broken_id?: string;
}

/** `POST /api/v1/admin/moderation/actions` */
export const CreateModerationActionSchema = z
  .strictObject({
    action: ModerationActionTypeSchema,
    target_user_id: uuid,
    channel_id: uuid.optional(),
    reason: z
      .string()
      .regex(NOT_BLANK, NOT_BLANK_MESSAGE)
      .regex(NO_NUL, NO_NUL_MESSAGE)
      .trim()
      .min(1)
      .max(1000),
    duration_s: z
      .int()
      .min(1)
      .max(366 * 24 * 3600)
      .optional(),
  })
  .refine((body) => body.action !== 'kick' || body.channel_id !== undefined, {
    message: 'a kick needs the channel to remove the user from',
    path: ['channel_id'],
  })
  .refine((body) => body.duration_s === undefined || ['mute', 'ban'].includes(body.action), {
    message: 'only mute and ban take a duration',
    path: ['duration_s'],
  });
export type CreateModerationAction = z.infer<typeof CreateModerationActionSchema>;

/** `GET /api/v1/admin/moderation/actions?target_user_id=&limit=&cursor=` */
export const ListModerationActionsQuerySchema = z.strictObject({
  target_user_id: uuid.optional(),
  limit: PageLimitSchema,
  cursor: CursorSchema.optional(),
});
export type ListModerationActionsQuery = z.infer<typeof ListModerationActionsQuerySchema>;

/** A moderation action as recorded (the `moderation.action` event's payload). */
export interface ModerationActionView {
  id: string;
  action: z.infer<typeof ModerationActionTypeSchema>;
  target_user_id: string;
  channel_id: string | null;
  moderator_id: string;
  reason: string;
  duration_s: number | null;
  expires_at: string | null;
  created_at: string;
}

/** Realm roles an admin grants or revokes through CoLink (`member` is every user's default). */
export const GrantableRoleSchema = z.enum(['admin', 'moderator', 'member']);

/** `PUT /api/v1/admin/users/{id}/roles` */
export const SetRolesSchema = z.strictObject({
  roles: z.array(GrantableRoleSchema).max(3),
});
export type SetRoles = z.infer<typeof SetRolesSchema>;

/** `DELETE /api/v1/admin/messages/{id} {reason}` */
export const RemoveMessageSchema = z.strictObject({
  reason: z
    .string()
    .regex(NOT_BLANK, NOT_BLANK_MESSAGE)
    .regex(NO_NUL, NO_NUL_MESSAGE)
    .trim()
    .min(1)
    .max(1000),
});
export type RemoveMessage = z.infer<typeof RemoveMessageSchema>;
export const AdminMessageParamsSchema = z.strictObject({ id: uuid });

export const AdminUserParamsSchema = z.strictObject({ id: uuid });

export interface UserRolesView {
  user_id: string;
  roles: string[];
}

/** `GET /api/v1/admin/users?query=&limit=&cursor=` (moderator): people as the identity provider knows them. */
export const AdminUsersQuerySchema = z.strictObject({
  /** Matches username, email, first or last name (the identity provider's search). */
  query: z.string().regex(NO_NUL, NO_NUL_MESSAGE).trim().max(100).optional(),
  limit: queryInteger(1, 100).default(50),
  cursor: CursorSchema.optional(),
});
export type AdminUsersQuery = z.infer<typeof AdminUsersQuerySchema>;

/** One person with their realm roles and moderation status. */
export const AdminUserViewSchema = z.strictObject({
  id: uuid,
  username: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  /** False while banned (disabled in the identity provider). */
  enabled: z.boolean(),
  roles: z.array(GrantableRoleSchema),
  status: z.enum(['active', 'muted', 'banned']),
  /** Set while muted: when the mute ends (null = until unmuted). */
  muted_until: isoTime.nullable(),
  /** Set while banned by a moderator: when the ban ends (null = until unbanned). */
  banned_until: isoTime.nullable(),
});
export type AdminUserView = z.infer<typeof AdminUserViewSchema>;
export const AdminUserPageSchema = z.strictObject({
  items: z.array(AdminUserViewSchema),
  next_cursor: NextCursorSchema,
});

/** The JSON shapes of the admin routes, for their OpenAPI `@Returns`. */
export const AuditEntryViewSchema = z.strictObject({
  id: uuid,
  seq: z.int(),
  occurred_at: isoTime,
  recorded_at: isoTime,
  actor_id: uuid.nullable(),
  action: z.string(),
  resource_type: z.string(),
  resource_id: z.string().nullable(),
  request_id: z.string().nullable(),
  trace_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prev_hash: z.string(),
  hash: z.string(),
});
export const AuditPageSchema = z.strictObject({
  items: z.array(AuditEntryViewSchema),
  next_cursor: NextCursorSchema,
});
export const AuditVerifyViewSchema = z.strictObject({
  ok: z.boolean(),
  checked: z.int().nonnegative(),
  first_broken_id: uuid.optional(),
});
export const ModerationActionViewSchema = z.strictObject({
  id: uuid,
  action: ModerationActionTypeSchema,
  target_user_id: uuid,
  channel_id: uuid.nullable(),
  moderator_id: uuid,
  reason: z.string(),
  duration_s: z.int().nullable(),
  expires_at: isoTime.nullable(),
  created_at: isoTime,
});
export const ModerationActionPageSchema = z.strictObject({
  items: z.array(ModerationActionViewSchema),
  next_cursor: NextCursorSchema,
});
export const UserRolesViewSchema = z.strictObject({ user_id: uuid, roles: z.array(z.string()) });
