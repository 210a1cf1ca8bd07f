import { SERVICES } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const SearchConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.search.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  OPENSEARCH_URL: env.url('http://localhost:9200'),
  /** The channels service: asked when the membership projection has not seen a join yet. */
  CHANNELS_URL: env.url('http://localhost:3002'),
  /** Names the logs and the Kafka consumer group (`colink-<name>`): a test run never joins the real group. */
  SERVICE_NAME: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('search'),
  /** Every index and alias starts with this (`<prefix>-messages` …); tests and the bench use their own. */
  SEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')
    .default('colink'),
  /**
   * Set by `tools/colink reindex` only: write into the new indices of this stamp (created beside the
   * live ones) instead of the aliases, so a rebuild never touches what searches read.
   */
  SEARCH_INDEX_STAMP: z
    .string()
    .regex(/^[0-9]{1,16}$/, 'must be digits')
    .optional(),
  /** Replicas of each index (0 on one node; production clusters want 1 or more). */
  SEARCH_INDEX_REPLICAS: z.coerce.number().int().min(0).max(5).default(0),
  /** A bulk request goes out when this many documents wait, or after SEARCH_BULK_INTERVAL_MS. */
  SEARCH_BULK_MAX_DOCS: z.coerce.number().int().min(1).max(10_000).default(100),
  SEARCH_BULK_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  /** A search request waits at most this long for OpenSearch, then answers 503. */
  SEARCH_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
});

export type SearchConfig = z.infer<typeof SearchConfigSchema>;

export function loadSearchConfig(environment: NodeJS.ProcessEnv = process.env): SearchConfig {
  return loadConfig(SearchConfigSchema, environment);
}
