import { SERVICES } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** A salt for local runs only: pseudonyms made with it can be recomputed by anyone who reads this file. */
const LOCAL_SALT = 'colink-local-bi-salt-not-secret';

const FAULTS = ['none', 'crash-before-manifest', 'crash-before-copy', 'crash-before-offset-commit'] as const;
type Fault = (typeof FAULTS)[number];

export const BiExporterConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES['bi-exporter'].port),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  S3_ENDPOINT: env.url('http://localhost:9000'),
  S3_BUCKET: z.string().default('colink-files'),
  S3_ACCESS_KEY: z.string().default('colink'),
  S3_SECRET_KEY: z.string().default('colink-secret'),
  S3_REGION: z.string().default('us-east-1'),
  /** The bucket the feeds go to (default: S3_BUCKET) and the key prefix under it. */
  BI_S3_BUCKET: z.string().min(1).optional(),
  BI_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._/-]*[a-z0-9]$/, 'must be a key prefix like "bi" or "analytics/bi"')
    .default('bi'),
  /** The secret key of the HMAC that turns user ids into pseudonyms. Required in production. */
  BI_PSEUDONYM_SALT: env.secret().optional(),
  /** Message text goes into the messages feed only when this is true (an administrator's decision). */
  BI_INCLUDE_MESSAGE_TEXT: env.bool(false),
  /** Pending rows are committed when the oldest has waited this long, or when there are this many. */
  BI_FLUSH_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  BI_FLUSH_MAX_ROWS: z.coerce.number().int().min(1).max(5_000_000).default(100_000),
  /** Days whose committed event ids (for dedupe) and local file copies are kept open at once. */
  BI_OPEN_DAYS: z.coerce.number().int().min(1).max(60).default(4),
  /** Feeds held at an older schema version while their readers migrate, e.g. `messages=1`. */
  BI_FEED_VERSIONS: env.list(''),
  BI_CONSUMER_GROUP: z.string().min(1).default('colink-bi-exporter'),
  /** A staged file older than this with no manifest listing it is a crash's leftover, deleted at start. */
  BI_STAGING_GRACE_MS: z.coerce.number().int().min(0).default(600_000),
  BI_WORK_DIR: z.string().min(1).default(join(tmpdir(), 'colink-bi-exporter')),
  /** Fault injection for the crash-and-replay tests: the process kills itself at that point once. */
  BI_FAULT: z.enum(FAULTS).default('none'),
}).superRefine((config, ctx) => {
  if (config.NODE_ENV === 'production' && !config.BI_PSEUDONYM_SALT)
    ctx.addIssue({
      code: 'custom',
      path: ['BI_PSEUDONYM_SALT'],
      message: 'is required in production (the secret key of the user-id pseudonyms)',
    });
  if (config.NODE_ENV === 'production' && config.BI_FAULT !== 'none')
    ctx.addIssue({ code: 'custom', path: ['BI_FAULT'], message: 'must be none in production' });
});

export type BiExporterConfig = z.infer<typeof BiExporterConfigSchema>;

/** What the exporter needs, resolved from the configuration. */
export interface ExportSettings {
  bucket: string;
  prefix: string;
  salt: string;
  includeMessageText: boolean;
  flushIntervalMs: number;
  flushMaxRows: number;
  openDays: number;
  pinnedVersions: Map<string, number>;
  workDir: string;
  stagingGraceMs: number;
  fault: Fault;
}

export function exportSettings(config: BiExporterConfig): ExportSettings {
  const pinnedVersions = new Map<string, number>();
  for (const pin of config.BI_FEED_VERSIONS) {
    const [feed, version] = pin.split('=');
    pinnedVersions.set(feed.trim(), Number(version));
  }
  return {
    bucket: config.BI_S3_BUCKET ?? config.S3_BUCKET,
    prefix: config.BI_PREFIX,
    salt: config.BI_PSEUDONYM_SALT ?? LOCAL_SALT,
    includeMessageText: config.BI_INCLUDE_MESSAGE_TEXT,
    flushIntervalMs: config.BI_FLUSH_INTERVAL_MS,
    flushMaxRows: config.BI_FLUSH_MAX_ROWS,
    openDays: config.BI_OPEN_DAYS,
    pinnedVersions,
    workDir: config.BI_WORK_DIR,
    stagingGraceMs: config.BI_STAGING_GRACE_MS,
    fault: config.BI_FAULT,
  };
}

export function loadBiExporterConfig(environment: NodeJS.ProcessEnv = process.env): BiExporterConfig {
  return loadConfig(BiExporterConfigSchema, environment);
}
