import { z } from 'zod';
import { isoTime, uuid } from '../events/common';
import { ModerationActionTypeSchema } from '../events/payloads';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './pagination';

/** `GET /api/v1/admin/audit?actor_id=&action=&resource_type=&from=&to=&format=json|csv&limit=&cursor=` */
export const AuditQuerySchema = z
  .strictObject({
    actor_id: uuid.optional(),
    action: z.string().min(1).max(100).optional(),
    resource_type: z.string().min(1).max(100).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    format: z.enum(['json', 'csv']).default('json'),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
    cursor: z.string().min(1).max(512).optional(),
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
    reason: z.string().trim().min(1).max(1000),
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
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  cursor: z.string().min(1).max(512).optional(),
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
export const RemoveMessageSchema = z.strictObject({ reason: z.string().trim().min(1).max(1000) });
export type RemoveMessage = z.infer<typeof RemoveMessageSchema>;
export const AdminMessageParamsSchema = z.strictObject({ id: uuid });

export const AdminUserParamsSchema = z.strictObject({ id: uuid });

export interface UserRolesView {
  user_id: string;
  roles: string[];
}
