import { Topics } from '@colink/contracts';
import { PlatformModule } from '@colink/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { MessagingConfig } from './config';
import { MessagesModule } from './messages/messages.module';
import { MIGRATIONS } from './migrations';

@Module({})
export class AppModule {
  static register(config: MessagingConfig): DynamicModule {
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
              Topics.ChannelCreated,
              Topics.ChannelUpdated,
              Topics.ChannelMemberAdded,
              Topics.ChannelMemberRemoved,
              Topics.UserCreated,
              Topics.UserUpdated,
              Topics.FileUploaded,
              Topics.FileScanned,
              Topics.ModerationAction,
            ],
          },
        }),
        MessagesModule.register(config),
      ],
    };
  }
}
