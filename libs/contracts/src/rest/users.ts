import { z } from 'zod';
import { NOT_BLANK, NOT_BLANK_MESSAGE, NO_NUL, NO_NUL_MESSAGE } from './text';
import { CursorSchema, NextCursorSchema, PageLimitSchema } from './pagination';

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
  next_cursor: NextCursorSchema,
});

/** When the status clears itself; one already past clears it at once (the profile reads no status). */
const statusExpiry = z.iso.datetime({ offset: true });

/** `PATCH /api/v1/users/me`: at least one field; `null` clears a status field. */
export const UpdateMeSchema = z
  .strictObject({
    display_name: z
      .string()
      .regex(NOT_BLANK, NOT_BLANK_MESSAGE)
      .regex(NO_NUL, NO_NUL_MESSAGE)
      .trim()
      .min(1)
      .max(80)
      .optional(),
    status_text: z.string().regex(NO_NUL, NO_NUL_MESSAGE).trim().max(140).nullable().optional(),
    status_emoji: z
      .string()
      .regex(NOT_BLANK, NOT_BLANK_MESSAGE)
      .regex(NO_NUL, NO_NUL_MESSAGE)
      .trim()
      .min(1)
      .max(64)
      .nullable()
      .optional(),
    status_expiry: statusExpiry.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field must be given' })
  .meta({ minProperties: 1 });
export type UpdateMe = z.infer<typeof UpdateMeSchema>;

/** `GET /api/v1/users?query=&limit=&cursor=`: prefix and fuzzy match on username and display name. */
export const UserDirectoryQuerySchema = z.strictObject({
  query: z.string().regex(NO_NUL, NO_NUL_MESSAGE).trim().max(80).optional(),
  limit: PageLimitSchema,
  cursor: CursorSchema.optional(),
});
export type UserDirectoryQuery = z.infer<typeof UserDirectoryQuerySchema>;

export const UuidParamSchema = z.uuid({ message: 'must be a UUID' });
