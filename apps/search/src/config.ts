import { SERVICES } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const SearchConfigSchema = BaseConfigSchema.extend({
  PORT: env.port(SERVICES.search.port),
  INTERNAL_AUTH_SECRET: env.secret(),
  KAFKA_BROKERS: env.list('localhost:9092'),
  OPENSEARCH_URL: env.url('http://localhost:9200'),
});

export type SearchConfig = z.infer<typeof SearchConfigSchema>;

export function loadSearchConfig(environment: NodeJS.ProcessEnv = process.env): SearchConfig {
  return loadConfig(SearchConfigSchema, environment);
}
