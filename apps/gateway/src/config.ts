import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

const budget = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

export const GatewayConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(8080),
  KEYCLOAK_URL: env.url('http://localhost:8180'),
  KEYCLOAK_REALM: z.string().default('colink'),
  TOKEN_AUDIENCE: z.string().default('colink-api'),
  TOKEN_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(60).default(5),
  REDIS_URL: env.url('redis://localhost:6379'),
  INTERNAL_AUTH_SECRET: env.secret(),
  USERS_URL: env.url('http://127.0.0.1:3001'),
  CHANNELS_URL: env.url('http://127.0.0.1:3002'),
  MESSAGING_URL: env.url('http://127.0.0.1:3003'),
  PRESENCE_URL: env.url('http://127.0.0.1:3004'),
  FILES_URL: env.url('http://127.0.0.1:3005'),
  SEARCH_URL: env.url('http://127.0.0.1:3006'),
  ADMIN_URL: env.url('http://127.0.0.1:3007'),
  WS_GATEWAY_URL: env.url('http://127.0.0.1:8081'),
  CORS_ORIGINS: env.list('http://localhost:8080,http://127.0.0.1:8080,http://localhost:5173'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(kb|mb)$/)
    .default('512kb'),
  WEB_DIST: z.string().default('dist/apps/web'),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  // Budgets per minute. A person clicking and typing stays far below them; a loop does not.
  RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).default(60),
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
