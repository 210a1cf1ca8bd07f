import { Topics } from '@colink/contracts';
import { PlatformModule } from '@colink/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { MessagingConfig } from './config';
import { MessagesModule } from './messages/messages.module';
import { CreateMessaging1733200000000 } from './migrations/1733200000000-create-messaging';
import { MemberVersion1733900000000 } from './migrations/1733900000000-member-version';
import { Mutes1734100000000 } from './migrations/1734100000000-mutes';
import { ChannelChanges1734300000000 } from './migrations/1734300000000-channel-changes';

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
            migrations: [
              CreateMessaging1733200000000,
              MemberVersion1733900000000,
              Mutes1734100000000,
              ChannelChanges1734300000000,
            ],
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
