import { SERVICES } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const FilesConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.files.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  MONGODB_URL: z.string().startsWith('mongodb').default('mongodb://localhost:27017/colink_files'),
  S3_ENDPOINT: env.url('http://localhost:9000'),
  S3_BUCKET: z.string().default('colink-files'),
  S3_ACCESS_KEY: z.string().default('colink'),
  S3_SECRET_KEY: z.string().default('colink-secret'),
  CLAMD_HOST: z.string().default('127.0.0.1'),
  CLAMD_PORT: env.port(3310),
});

export type FilesConfig = z.infer<typeof FilesConfigSchema>;

export function loadFilesConfig(environment: NodeJS.ProcessEnv = process.env): FilesConfig {
  return loadConfig(FilesConfigSchema, environment);
}
