import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@colink/platform';
import { UsersConfig } from './config';
import { CreateUsers1733000000000 } from './migrations/1733000000000-create-users';
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
            migrations: [CreateUsers1733000000000],
          },
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
        }),
        UsersModule,
      ],
    };
  }
}
