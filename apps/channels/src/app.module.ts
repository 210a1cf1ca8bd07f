import { Topics } from '@colink/contracts';
import { PlatformModule } from '@colink/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { ChannelsModule } from './channels/channels.module';
import { ChannelsConfig } from './config';
import { MIGRATIONS } from './migrations';

@Module({})
export class AppModule {
  static register(config: ChannelsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: config.SERVICE_NAME,
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          database: {
            url: config.DATABASE_URL,
            schema: config.DATABASE_SCHEMA,
            migrations: MIGRATIONS,
          },
          kafka: {
            brokers: config.KAFKA_BROKERS,
            consumes: [
              Topics.MessageCreated,
              Topics.MessageUpdated,
              Topics.MessageDeleted,
              Topics.UserCreated,
              Topics.UserUpdated,
            ],
            consumer:
              config.CONSUMER_BATCH_WAIT_MS > 0 ? { batchWaitMs: config.CONSUMER_BATCH_WAIT_MS } : undefined,
          },
        }),
        ChannelsModule.register(config),
      ],
    };
  }
}
