import { SERVICES, serviceUrl } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const AdminConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.admin.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  DATABASE_URL: env.url('postgres://colink:colink@localhost:5432/colink'),
  /** The service's own Postgres schema; tests use their own. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
    .default('admin'),
  KAFKA_BROKERS: env.list('localhost:9092'),
  /** Names the logs and the Kafka consumer group (`colink-<name>`): a test run never joins the real group. */
  SERVICE_NAME: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('admin'),
  KEYCLOAK_URL: env.url('http://localhost:8180'),
  KEYCLOAK_REALM: z.string().min(1).default('colink'),
  /** The least-privilege service-account client (realm-management: view-users, manage-users). */
  KEYCLOAK_CLIENT_ID: z.string().min(1).default('colink-admin-service'),
  /** Without it, the Keycloak effects (ban, unban, roles) answer 503: nothing else needs Keycloak. */
  KEYCLOAK_CLIENT_SECRET: env.secret().optional(),
  /** How often bans with a duration are checked for their end (the user is re-enabled then). */
  BAN_EXPIRY_INTERVAL_MS: z.coerce.number().int().min(200).max(3_600_000).default(5_000),
  /** How often Keycloak's sign-in failures are read into the audit log; 0 turns it off. */
  KEYCLOAK_EVENTS_POLL_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
  CHANNELS_URL: env.url(serviceUrl('channels')),
  MESSAGING_URL: env.url(serviceUrl('messaging')),
});

export type AdminConfig = z.infer<typeof AdminConfigSchema>;

export function loadAdminConfig(environment: NodeJS.ProcessEnv = process.env): AdminConfig {
  return loadConfig(AdminConfigSchema, environment);
}
