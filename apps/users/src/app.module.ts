import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@colink/platform';
import { UsersConfig } from './config';

@Module({})
export class AppModule {
  static register(config: UsersConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'users',
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          database: { url: config.DATABASE_URL, schema: 'users', entities: [], migrations: [] },
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
        }),
      ],
    };
  }
}
