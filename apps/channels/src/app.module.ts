import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@colink/platform';
import { ChannelsConfig } from './config';

@Module({})
export class AppModule {
  static register(config: ChannelsConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'channels',
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          database: { url: config.DATABASE_URL, schema: 'channels', entities: [], migrations: [] },
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
        }),
      ],
    };
  }
}
