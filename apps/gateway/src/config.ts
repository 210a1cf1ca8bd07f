import { SERVICES, serviceUrl } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

const budget = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const GatewayConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.gateway.port),
  KEYCLOAK_URL: env.url('http://localhost:8180'),
  KEYCLOAK_REALM: z.string().default('colink'),
  /** The object store origin browsers upload to and load file previews from (the web app's CSP allows it). */
  S3_PUBLIC_ENDPOINT: env.url('http://localhost:9000'),
  TOKEN_AUDIENCE: z.string().default('colink-api'),
  TOKEN_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(60).default(5),
  REDIS_URL: env.url('redis://localhost:6379'),
  INTERNAL_AUTH_SECRET: env.secret(),
  USERS_URL: env.url(serviceUrl('users')),
  CHANNELS_URL: env.url(serviceUrl('channels')),
  MESSAGING_URL: env.url(serviceUrl('messaging')),
  PRESENCE_URL: env.url(serviceUrl('presence')),
  FILES_URL: env.url(serviceUrl('files')),
  SEARCH_URL: env.url(serviceUrl('search')),
  ADMIN_URL: env.url(serviceUrl('admin')),
  WS_GATEWAY_URL: env.url(serviceUrl('ws-gateway')),
  CORS_ORIGINS: env.list('http://localhost:8080,http://127.0.0.1:8080,http://localhost:5173'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('512kb'),
  WEB_DIST: z.string().default('dist/apps/web'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  // Budgets per minute. A person clicking and typing stays far below them; a loop does not.
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).default(60),
  /** Names the budgets' Redis keys: deployments (or test runs) sharing one Redis keep separate counts. */
  RATE_LIMIT_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9:-]{0,62}$/, 'lower-case letters, digits, ":" and "-"')
    .default('ratelimit'),
  RATE_LIMIT_USER_READS: budget(1200),
  RATE_LIMIT_USER_WRITES: budget(300),
  RATE_LIMIT_IP_READS: budget(3000),
  RATE_LIMIT_IP_WRITES: budget(600),
  IDEMPOTENCY_TTL_S: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3600),
});

export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export function loadGatewayConfig(environment: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(GatewayConfigSchema, environment);
}
