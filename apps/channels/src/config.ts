import { SERVICES, serviceUrl } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const ChannelsConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.channels.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  DATABASE_URL: env.url('postgres://colink:colink@localhost:5432/colink'),
  /** The service's own Postgres schema; tests and the bench use their own. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
    .default('channels'),
  KAFKA_BROKERS: env.list('localhost:9092'),
  /**
   * How long a fetch of the consumed events may wait for more (ms): unread and mention counts land
   * up to this much later, and under load each transaction applies a fuller batch instead of one or
   * two events (docs/performance.md, "The knee"). 0: every fetch returns with the first event.
   */
  CONSUMER_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1_000).default(100),
  /** Asked about a user this service has not heard of yet (signed in a moment ago). */
  USERS_URL: env.url(serviceUrl('users')),
  /** Told of a removal before it is answered, so the removed member's next post is refused. */
  MESSAGING_URL: env.url(serviceUrl('messaging')),
  /** Names the logs and the Kafka consumer group (`colink-<name>`): a test run never joins the real group. */
  SERVICE_NAME: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('channels'),
});

export type ChannelsConfig = z.infer<typeof ChannelsConfigSchema>;

export function loadChannelsConfig(environment: NodeJS.ProcessEnv = process.env): ChannelsConfig {
  return loadConfig(ChannelsConfigSchema, environment);
}
