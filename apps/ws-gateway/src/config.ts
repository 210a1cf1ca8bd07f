import { SERVICES, serviceUrl } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { hostname } from 'node:os';
import { z } from 'zod';

export const WsGatewayConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES['ws-gateway'].port),
  KEYCLOAK_URL: env.url('http://localhost:8180'),
  KEYCLOAK_REALM: z.string().default('colink'),
  TOKEN_AUDIENCE: z.string().default('colink-api'),
  TOKEN_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(60).default(5),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  REDIS_URL: env.url('redis://localhost:6379'),
  CHANNELS_URL: env.url(serviceUrl('channels')),
  MESSAGING_URL: env.url(serviceUrl('messaging')),
  PRESENCE_URL: env.url(serviceUrl('presence')),
  /** Names this instance's own consumer group, so every instance gets every event. */
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/)
    .default(`${hostname()}-${process.pid}`),
  /** Messages a `sync` returns per channel before answering `truncated` (API.md: 500). */
  SYNC_MAX_PER_CHANNEL: z.coerce.number().int().min(1).max(5000).default(500),
  /** How long the channels of a user whose presence changed are remembered, for fanning it out. */
  PRESENCE_FANOUT_CACHE_S: z.coerce.number().int().min(0).max(3600).default(30),
  /** The largest socket.io message a client may send (socket.io's `maxHttpBufferSize`). */
  SOCKET_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1_048_576)
    .default(64 * 1024),
  /** A socket's own event budget (every client event): a bucket of this many, refilled per second. */
  SOCKET_EVENT_BURST: z.coerce.number().int().min(1).default(20),
  SOCKET_EVENTS_PER_S: z.coerce.number().min(0.1).default(10),
  /** Events refused by the socket's own budget, in a row, before the socket is disconnected. */
  SOCKET_FLOOD_STRIKES: z.coerce.number().int().min(1).default(50),
  /** Client events per second of one user across all their sockets and every instance. */
  USER_EVENTS_PER_S: z.coerce.number().int().min(1).default(30),
  /** `typing` per user and channel: one per this many ms (API.md shows it 5 s). */
  TYPING_INTERVAL_MS: z.coerce.number().int().min(0).default(1_000),
  /** `presence.heartbeat` per socket (API.md: every 30 s): this many per 30 s. */
  HEARTBEATS_PER_30S: z.coerce.number().int().min(1).default(3),
  /** `sync` per user: this many per minute. */
  SYNCS_PER_MIN: z.coerce.number().int().min(1).default(6),
  /** `auth.refresh` per user: this many per minute. */
  REFRESHES_PER_MIN: z.coerce.number().int().min(1).default(6),
  /** The most bytes one `sync` answer carries; channels past it answer `truncated` (page by REST). */
  SYNC_MAX_ANSWER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Membership lookups (a handshake's channels) in flight to the channels service at once; the rest queue. */
  MEMBERSHIP_LOOKUPS_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(32),
  /**
   * A Keycloak client with a service account allowed to view users (realm-management view-users):
   * ws-gateway asks Keycloak every KEYCLOAK_WATCH_INTERVAL_MS for the disabled users and ends their
   * sockets at the next look (so within two intervals). Without a secret the watch is off (bans still cut sockets, from `moderation.action`).
   */
  KEYCLOAK_ADMIN_CLIENT_ID: z.string().default('colink-ws-gateway'),
  /** Where ws-gateway reaches Keycloak's token endpoint and admin API (default: KEYCLOAK_URL). */
  KEYCLOAK_ADMIN_URL: env.url().optional(),
  KEYCLOAK_ADMIN_CLIENT_SECRET: env.secret().optional(),
  KEYCLOAK_WATCH_INTERVAL_MS: z.coerce.number().int().min(250).max(60_000).default(1_000),
  /** How long a ban or disable refuses the tokens issued before it: longer than an access token lives. */
  SESSION_REVOCATION_TTL_S: z.coerce.number().int().min(60).default(86_400),
});

export type WsGatewayConfig = z.infer<typeof WsGatewayConfigSchema>;

export function loadWsGatewayConfig(environment: NodeJS.ProcessEnv = process.env): WsGatewayConfig {
  return loadConfig(WsGatewayConfigSchema, environment);
}
