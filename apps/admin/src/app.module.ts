import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@colink/platform';
import { AdminConfig } from './config';

@Module({})
export class AppModule {
  static register(config: AdminConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'admin',
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          database: { url: config.DATABASE_URL, schema: 'admin', migrations: [] },
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
        }),
      ],
    };
  }
}
