import { SERVICES, serviceUrl } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const FilesConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.files.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  MONGODB_URL: z.string().startsWith('mongodb').default('mongodb://localhost:27017/colink_files'),
  S3_ENDPOINT: env.url('http://localhost:9000'),
  /** The S3 endpoint browsers reach (presigned URLs are signed for it); defaults to S3_ENDPOINT. */
  S3_PUBLIC_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().default('colink-files'),
  S3_ACCESS_KEY: z.string().default('colink'),
  S3_SECRET_KEY: z.string().default('colink-secret'),
  CLAMD_HOST: z.string().default('127.0.0.1'),
  CLAMD_PORT: env.port(3310),
  CHANNELS_URL: env.url(serviceUrl('channels')),
  /** Largest upload accepted (413 above it); clamd's StreamMaxLength must be at least this. */
  FILES_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  UPLOAD_URL_TTL_S: z.coerce.number().int().min(60).max(3600).default(900),
  DOWNLOAD_URL_TTL_S: z.coerce.number().int().min(1).max(3600).default(300),
  /** How often the scanner looks for pending files, and the longest wait between retries. */
  SCAN_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  SCAN_RETRY_MAX_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
});

export type FilesConfig = z.infer<typeof FilesConfigSchema>;

export function loadFilesConfig(environment: NodeJS.ProcessEnv = process.env): FilesConfig {
  return loadConfig(FilesConfigSchema, environment);
}
