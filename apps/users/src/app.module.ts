import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@colink/platform';
import { UsersConfig } from './config';
import { MIGRATIONS } from './migrations';
import { UsersModule } from './users/users.module';

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
          database: {
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            migrations: MIGRATIONS,
          },
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
        }),
        UsersModule,
      ],
    };
  }
}
