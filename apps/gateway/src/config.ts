import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const GatewayConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(8080),
  KEYCLOAK_URL: env.url('http://localhost:8180'),
  KEYCLOAK_REALM: z.string().default('colink'),
  TOKEN_AUDIENCE: z.string().default('colink-api'),
  REDIS_URL: env.url('redis://localhost:6379'),
});

export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export function loadGatewayConfig(environment: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return loadConfig(GatewayConfigSchema, environment);
}
