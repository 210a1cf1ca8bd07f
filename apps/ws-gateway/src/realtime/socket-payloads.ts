import { z } from 'zod';

/** `typing {channel_id}` */
export const TypingPayloadSchema = z.strictObject({ channel_id: z.uuid() });
export type TypingPayload = z.infer<typeof TypingPayloadSchema>;

/** `presence.heartbeat {}` (every 30 s); an omitted payload counts as `{}`. */
export const PresenceHeartbeatPayloadSchema = z.strictObject({}).default({});
export type PresenceHeartbeatPayload = z.infer<typeof PresenceHeartbeatPayloadSchema>;

/** How long others show a `typing` (API.md: 5 s); the envelope says until when. */
export const TYPING_SHOWN_MS = 5_000;

/** `sync {cursors: {<channel_id>: <last_seen_seq>}}` */
export const SyncPayloadSchema = z.strictObject({
  cursors: z
    .record(z.uuid(), z.int().nonnegative().max(Number.MAX_SAFE_INTEGER))
    .refine((cursors) => Object.keys(cursors).length <= 200, 'at most 200 channels per sync'),
});
export type SyncPayload = z.infer<typeof SyncPayloadSchema>;

/** What every client -> server event answers through its ack. */
export type SocketAck<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: { code: string; message: string; issues?: string[] } };

export function invalidPayload(error: z.ZodError): SocketAck {
  return {
    ok: false,
    error: {
      code: 'invalid_payload',
      message: 'the payload does not match the event schema',
      issues: error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    },
  };
}
