import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@colink/platform';
import { PresenceConfig } from './config';
import { PresenceModule } from './presence/presence.module';

@Module({})
export class AppModule {
  static register(config: PresenceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'presence',
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
          redis: { url: config.REDIS_URL },
        }),
        PresenceModule.register(config),
      ],
    };
  }
}
