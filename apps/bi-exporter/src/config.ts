import { SERVICES } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const BiExporterConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES['bi-exporter'].port),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  S3_ENDPOINT: env.url('http://localhost:9000'),
  S3_BUCKET: z.string().default('colink-files'),
  S3_ACCESS_KEY: z.string().default('colink'),
  S3_SECRET_KEY: z.string().default('colink-secret'),
});

export type BiExporterConfig = z.infer<typeof BiExporterConfigSchema>;

export function loadBiExporterConfig(environment: NodeJS.ProcessEnv = process.env): BiExporterConfig {
  return loadConfig(BiExporterConfigSchema, environment);
}
