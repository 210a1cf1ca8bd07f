import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const WsGatewayConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(8081),
  KEYCLOAK_URL: env.url('http://localhost:8180'),
  KEYCLOAK_REALM: z.string().default('colink'),
  TOKEN_AUDIENCE: z.string().default('colink-api'),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  REDIS_URL: env.url('redis://localhost:6379'),
});

export type WsGatewayConfig = z.infer<typeof WsGatewayConfigSchema>;

export function loadWsGatewayConfig(environment: NodeJS.ProcessEnv = process.env): WsGatewayConfig {
  return loadConfig(WsGatewayConfigSchema, environment);
}
