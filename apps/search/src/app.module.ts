import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, checks } from '@colink/platform';
import { SearchConfig } from './config';
import { INDEXED_TOPICS } from './indexing/search-events.consumer';
import { SearchModule } from './search.module';

@Module({})
export class AppModule {
  static register(config: SearchConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: config.SERVICE_NAME,
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          kafka: {
            brokers: config.KAFKA_BROKERS,
            consumes: [...INDEXED_TOPICS],
            // Bulk indexing acknowledges an event once its documents are written; writes carry
            // external versions, so a redelivered event needs no dedupe record.
            consumer: { fromBeginning: true, dedupe: { store: 'none' }, acknowledge: 'deferred' },
          },
          readiness: {
            opensearch: checks.http(`${config.OPENSEARCH_URL}/_cluster/health`),
          },
        }),
        SearchModule.register(config),
      ],
    };
  }
}
