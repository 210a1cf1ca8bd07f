import { SERVICES, serviceUrl } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const MessagingConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.messaging.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  DATABASE_URL: env.url('postgres://colink:colink@localhost:5432/colink'),
  /** The service's own Postgres schema; tests and the bench use their own. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
    .default('messaging'),
  KAFKA_BROKERS: env.list('localhost:9092'),
  /** Asked, on a projection miss or a deny, whether a channel and a membership exist already. */
  CHANNELS_URL: env.url(serviceUrl('channels')),
  FILES_URL: env.url(serviceUrl('files')),
  /** Names the logs and the Kafka consumer group (`colink-<name>`): a test run never joins the real group. */
  SERVICE_NAME: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('messaging'),
});

export type MessagingConfig = z.infer<typeof MessagingConfigSchema>;

export function loadMessagingConfig(environment: NodeJS.ProcessEnv = process.env): MessagingConfig {
  return loadConfig(MessagingConfigSchema, environment);
}
