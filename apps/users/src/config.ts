import { SERVICES } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const UsersConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.users.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  DATABASE_URL: env.url('postgres://colink:colink@localhost:5432/colink'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('users'),
  KAFKA_BROKERS: env.list('localhost:9092'),
});

export type UsersConfig = z.infer<typeof UsersConfigSchema>;

export function loadUsersConfig(environment: NodeJS.ProcessEnv = process.env): UsersConfig {
  return loadConfig(UsersConfigSchema, environment);
}
