import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@colink/platform';
import { MessagingConfig } from './config';

@Module({})
export class AppModule {
  static register(config: MessagingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'messaging',
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          database: { url: config.DATABASE_URL, schema: 'messaging', entities: [], migrations: [] },
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
        }),
      ],
    };
  }
}
