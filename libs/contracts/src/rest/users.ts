import { z } from 'zod';
import { MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT } from './pagination';

/** `GET /api/v1/users/me`, `GET /api/v1/users/{id}` and the directory's items. */
export const UserProfileSchema = z.strictObject({
  id: z.uuid(),
  username: z.string(),
  email: z.string().nullable(),
  display_name: z.string(),
  avatar_url: z.string().nullable(),
  roles: z.array(z.string()),
  status_text: z.string().nullable(),
  status_emoji: z.string().nullable(),
  status_expiry: z.string().nullable(),
  created_at: z.string(),
});
export type UserProfile = z.infer<typeof UserProfileSchema>;

export const UserPageSchema = z.strictObject({
  items: z.array(UserProfileSchema),
  next_cursor: z.string().nullable(),
});

const statusExpiry = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) > Date.now(), { message: 'must be in the future' });

/** `PATCH /api/v1/users/me`: at least one field; `null` clears a status field. */
export const UpdateMeSchema = z
  .strictObject({
    display_name: z.string().trim().min(1).max(80).optional(),
    status_text: z.string().trim().max(140).nullable().optional(),
    status_emoji: z.string().trim().min(1).max(64).nullable().optional(),
    status_expiry: statusExpiry.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field must be given' });
export type UpdateMe = z.infer<typeof UpdateMeSchema>;

/** `GET /api/v1/users?query=&limit=&cursor=`: prefix and fuzzy match on username and display name. */
export const UserDirectoryQuerySchema = z.strictObject({
  query: z.string().trim().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT),
  cursor: z.string().min(1).max(512).optional(),
});
export type UserDirectoryQuery = z.infer<typeof UserDirectoryQuerySchema>;

export const UuidParamSchema = z.uuid({ message: 'must be a UUID' });
