import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const MessagingConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(3003),
  INTERNAL_AUTH_SECRET: env.secret(),
  DATABASE_URL: env.url('postgres://colink:colink@localhost:5432/colink'),
  KAFKA_BROKERS: env.list('localhost:9092'),
});

export type MessagingConfig = z.infer<typeof MessagingConfigSchema>;

export function loadMessagingConfig(environment: NodeJS.ProcessEnv = process.env): MessagingConfig {
  return loadConfig(MessagingConfigSchema, environment);
}
