import { z } from 'zod';
import { PayloadOf } from '../events/registry';
import { Topic, Topics } from '../events/topics';

/**
 * The socket.io contract (API.md, "Real time"), declared once for ws-gateway and the web app:
 * `new Server<ClientToServerEvents, ServerToClientEvents>()` on one side,
 * `io() as Socket<ServerToClientEvents, ClientToServerEvents>` on the other.
 */

/** Server -> client events: each is an envelope whose `type` equals the event name. */
export const ServerEvents = {
  MessageCreated: Topics.MessageCreated,
  MessageUpdated: Topics.MessageUpdated,
  MessageDeleted: Topics.MessageDeleted,
  ReactionAdded: Topics.ReactionAdded,
  ReactionRemoved: Topics.ReactionRemoved,
  ChannelUpdated: Topics.ChannelUpdated,
  ChannelMemberAdded: Topics.ChannelMemberAdded,
  ChannelMemberRemoved: Topics.ChannelMemberRemoved,
  PresenceUpdated: Topics.PresenceUpdated,
  Typing: 'typing',
  FileScanned: Topics.FileScanned,
  ModerationAction: Topics.ModerationAction,
  SessionEnded: 'session.ended',
} as const;
export type ServerEvent = (typeof ServerEvents)[keyof typeof ServerEvents];

/** How long others show a `typing` (API.md: 5 s); the envelope says until when. */
export const TYPING_SHOWN_MS = 5_000;

/** The `data` of a `typing` envelope. */
export const TypingDataSchema = z.object({
  channel_id: z.uuid(),
  user_id: z.uuid(),
  username: z.string(),
  expires_at: z.iso.datetime({ offset: true }),
});
export type TypingData = z.infer<typeof TypingDataSchema>;

/**
 * The `data` of `session.ended`, sent to a socket just before the server disconnects it: `reason` is
 * `unauthorized` (the token expired without `auth.refresh`, or the user was disabled or removed) or
 * `banned` (a moderator banned the user). A reconnect is then refused at the handshake with the same
 * code as the error message.
 */
export const SessionEndedDataSchema = z.object({
  reason: z.enum(['unauthorized', 'banned']),
  message: z.string(),
});
export type SessionEndedData = z.infer<typeof SessionEndedDataSchema>;
export type SessionEndReason = SessionEndedData['reason'];

export type SocketDataOf<E extends ServerEvent> = E extends Topic
  ? PayloadOf<E>
  : E extends typeof ServerEvents.Typing
    ? TypingData
    : E extends typeof ServerEvents.SessionEnded
      ? SessionEndedData
      : never;

/**
 * What a socket receives: `{id, type, occurred_at, channel_id?, seq?, rev?, trace_id?, data}`. `id` is the Kafka
 * event id (a fresh one for `typing`); `rev` is the channel's change number on message and reaction
 * changes.
 */
export interface SocketEnvelope<E extends ServerEvent = ServerEvent> {
  id: string;
  type: E;
  occurred_at: string;
  channel_id?: string;
  seq?: number;
  rev?: number;
  /**
   * The W3C trace id of what caused the event (the send), when the platform traces: a client's
   * report of a slow or missing delivery can be found in the traces by it.
   */
  trace_id?: string;
  data: SocketDataOf<E>;
}

/** One envelope of any event type, discriminated on `type`. */
export type AnySocketEnvelope = { [E in ServerEvent]: SocketEnvelope<E> }[ServerEvent];

export type ServerToClientEvents = { [E in ServerEvent]: (envelope: SocketEnvelope<E>) => void };

/** Client -> server events. Every one takes an ack. */
export const ClientEvents = {
  Typing: 'typing',
  PresenceHeartbeat: 'presence.heartbeat',
  Sync: 'sync',
  AuthRefresh: 'auth.refresh',
} as const;
export type ClientEvent = (typeof ClientEvents)[keyof typeof ClientEvents];

/** The `error` of a refused ack, and the message of a refused handshake or a cut socket. */
export const SocketErrorCodes = {
  /** The payload does not match the event's schema (`issues` names the fields). */
  InvalidPayload: 'invalid_payload',
  /** The payload is over the event's size budget. */
  PayloadTooLarge: 'payload_too_large',
  /** Over the socket's or the user's event budget: retry after `retry_after_ms`. */
  RateLimited: 'rate_limited',
  /** The caller is not a member of the channel (private channels stay invisible). */
  NotAMember: 'not_a_member',
  /** A bad, expired or foreign token: at the handshake, on `auth.refresh`, or when a socket is cut. */
  Unauthorized: 'unauthorized',
  /** A moderator banned the user: at the handshake, on `auth.refresh`, or when a socket is cut. */
  Banned: 'banned',
  /** A service behind ws-gateway did not answer; try again. */
  Unavailable: 'unavailable',
  /** An unexpected failure, logged with the socket's ids. */
  Internal: 'internal',
} as const;
export type SocketErrorCode = (typeof SocketErrorCodes)[keyof typeof SocketErrorCodes];

/** Every refused ack: `{ok: false, error: <code>, message}`. */
export type SocketAckError =
  | {
      ok: false;
      error: Exclude<SocketErrorCode, typeof SocketErrorCodes.RateLimited>;
      message: string;
      /** On `invalid_payload`: `<field path>: <problem>` per issue. */
      issues?: string[];
    }
  | { ok: false; error: typeof SocketErrorCodes.RateLimited; message: string; retry_after_ms: number };

/** Every ack is `{ok: true, ...}` or a `SocketAckError`. */
export type SocketAck<T extends object = object> = ({ ok: true } & T) | SocketAckError;

// Client payload schemas. Strict: an unknown field is a client bug worth hearing about.

/** `typing {channel_id}` (shown to others for 5 s). */
export const TypingPayloadSchema = z.strictObject({ channel_id: z.uuid() });
export type TypingPayload = z.infer<typeof TypingPayloadSchema>;

/** `presence.heartbeat {}` (every 30 s); an omitted payload counts as `{}`. */
export const PresenceHeartbeatPayloadSchema = z.strictObject({}).default({});
export type PresenceHeartbeatPayload = z.infer<typeof PresenceHeartbeatPayloadSchema>;

/** The most channels one `sync` names. */
export const SYNC_MAX_CHANNELS = 200;
/** The most envelopes one `sync` answers per channel before `truncated: true`. */
export const SYNC_MAX_PER_CHANNEL = 500;

/** `sync {cursors: {<channel_id>: <last_seen_rev>}}` */
export const SyncPayloadSchema = z.strictObject({
  cursors: z
    .record(z.uuid(), z.int().nonnegative().max(Number.MAX_SAFE_INTEGER))
    .refine(
      (cursors) => Object.keys(cursors).length <= SYNC_MAX_CHANNELS,
      `at most ${SYNC_MAX_CHANNELS} channels per sync`,
    ),
});
export type SyncPayload = z.infer<typeof SyncPayloadSchema>;

/** `auth.refresh {token}`: a fresh access token, checked like the handshake's. */
export const AuthRefreshPayloadSchema = z.strictObject({ token: z.string().min(1).max(16_384) });
export type AuthRefreshPayload = z.infer<typeof AuthRefreshPayloadSchema>;

/** One channel of a `sync` answer: the changes after the cursor in `rev` order, or why there are none. */
export type SyncChannelResult =
  | { events: AnySocketEnvelope[]; truncated: boolean }
  | { error: typeof SocketErrorCodes.NotAMember | typeof SocketErrorCodes.Unavailable };

export type TypingAck = SocketAck;
export type PresenceHeartbeatAck = SocketAck;
export type SyncAck = SocketAck<{ channels: Record<string, SyncChannelResult> }>;
/** `expires_at`: when the socket's session now ends unless refreshed again. */
export type AuthRefreshAck = SocketAck<{ expires_at: string }>;

export type ClientToServerEvents = {
  typing: (payload: TypingPayload, ack: (answer: TypingAck) => void) => void;
  'presence.heartbeat': (
    payload: PresenceHeartbeatPayload,
    ack: (answer: PresenceHeartbeatAck) => void,
  ) => void;
  sync: (payload: SyncPayload, ack: (answer: SyncAck) => void) => void;
  'auth.refresh': (payload: AuthRefreshPayload, ack: (answer: AuthRefreshAck) => void) => void;
};

/** The schema of each client event's payload. */
export const ClientPayloadSchemas = {
  typing: TypingPayloadSchema,
  'presence.heartbeat': PresenceHeartbeatPayloadSchema,
  sync: SyncPayloadSchema,
  'auth.refresh': AuthRefreshPayloadSchema,
} as const satisfies Record<ClientEvent, z.ZodType>;

/** The refusal of a payload that failed its schema. */
export function invalidPayloadAck(error: z.ZodError): SocketAckError {
  return {
    ok: false,
    error: SocketErrorCodes.InvalidPayload,
    message: 'the payload does not match the event schema',
    issues: error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`),
  };
}
