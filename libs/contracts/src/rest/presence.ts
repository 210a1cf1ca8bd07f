import { z } from 'zod';
import { PresenceStatusSchema } from '../events/payloads';

/** The most users one `GET /api/v1/presence` asks about. */
export const MAX_PRESENCE_IDS = 200;

/** `PUT /api/v1/presence/me`: the status the user chooses (kept while they have a heartbeat). */
export const SetPresenceSchema = z.strictObject({ status: PresenceStatusSchema });
export type SetPresence = z.infer<typeof SetPresenceSchema>;

const UUID = z.regexes.uuid().source.replace(/^\^|\$$/g, '');
const USER_IDS = new RegExp(`^(?:${UUID})(?:,(?:${UUID})){0,${MAX_PRESENCE_IDS - 1}}$`);

/** `GET /api/v1/presence?user_ids=a,b,c`: 1 to 200 comma-separated UUIDs. */
export const PresenceQuerySchema = z.strictObject({
  user_ids: z
    .string({ message: 'must be a comma-separated list of user ids' })
    .regex(USER_IDS, `must be 1 to ${MAX_PRESENCE_IDS} comma-separated user ids`)
    .transform((value) => value.split(','))
    .pipe(
      z
        .array(z.uuid({ message: 'must be a UUID' }))
        .min(1)
        .max(MAX_PRESENCE_IDS, { message: `at most ${MAX_PRESENCE_IDS} user ids` }),
    ),
});
export type PresenceQuery = z.infer<typeof PresenceQuerySchema>;

/** One user's effective presence: `offline` without a heartbeat within the TTL (API.md: 60 s). */
export const PresenceViewSchema = z.strictObject({
  user_id: z.uuid(),
  status: PresenceStatusSchema,
  last_seen_at: z.string().nullable(),
});
export type PresenceView = z.infer<typeof PresenceViewSchema>;

export const PresenceListSchema = z.array(PresenceViewSchema);

/** `POST /internal/v1/presence/heartbeat` and `/disconnect` (ws-gateway only): an empty body. */
export const PresenceSignalSchema = z.strictObject({});
