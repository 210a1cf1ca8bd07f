import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const PresenceConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(3004),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  REDIS_URL: env.url('redis://localhost:6379'),
});

export type PresenceConfig = z.infer<typeof PresenceConfigSchema>;

export function loadPresenceConfig(environment: NodeJS.ProcessEnv = process.env): PresenceConfig {
  return loadConfig(PresenceConfigSchema, environment);
}
