import { SERVICES } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const PresenceConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.presence.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  REDIS_URL: env.url('redis://localhost:6379'),
  /** A user with no heartbeat for this long is offline (API.md: 60 s). */
  PRESENCE_TTL_S: z.coerce.number().int().min(1).max(3600).default(60),
  /** How often the sweep looks for users whose heartbeat expired, and emits them offline. */
  PRESENCE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
  /** Users one sweep step claims at once; a sweep runs at most 20 steps. */
  PRESENCE_SWEEP_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  /** How long a user's chosen status and last-seen time are kept after their last heartbeat. */
  PRESENCE_KEEP_S: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 24 * 3600),
});

export type PresenceConfig = z.infer<typeof PresenceConfigSchema>;

export function loadPresenceConfig(environment: NodeJS.ProcessEnv = process.env): PresenceConfig {
  return loadConfig(PresenceConfigSchema, environment);
}
