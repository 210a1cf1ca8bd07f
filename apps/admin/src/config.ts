import { SERVICES } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const AdminConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.admin.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  DATABASE_URL: env.url('postgres://colink:colink@localhost:5432/colink'),
  KAFKA_BROKERS: env.list('localhost:9092'),
});

export type AdminConfig = z.infer<typeof AdminConfigSchema>;

export function loadAdminConfig(environment: NodeJS.ProcessEnv = process.env): AdminConfig {
  return loadConfig(AdminConfigSchema, environment);
}
