import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const ChannelsConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(3002),
  INTERNAL_AUTH_SECRET: env.secret(),
  DATABASE_URL: env.url('postgres://colink:colink@localhost:5432/colink'),
  KAFKA_BROKERS: env.list('localhost:9092'),
});

export type ChannelsConfig = z.infer<typeof ChannelsConfigSchema>;

export function loadChannelsConfig(environment: NodeJS.ProcessEnv = process.env): ChannelsConfig {
  return loadConfig(ChannelsConfigSchema, environment);
}
