import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, checks } from '@colink/platform';
import { SearchConfig } from './config';

@Module({})
export class AppModule {
  static register(config: SearchConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'search',
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
          readiness: {
            opensearch: checks.http(`${config.OPENSEARCH_URL}/_cluster/health`),
          },
        }),
      ],
    };
  }
}
