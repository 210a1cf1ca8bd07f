import { Topics } from '@colink/contracts';
import { PlatformModule } from '@colink/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { CoreModule } from './common/core.module';
import { IdentityModule } from './identity/identity.module';
import { MIGRATIONS } from './migrations';
import { ModerationModule } from './moderation/moderation.module';
import { AdminConfig } from './config';

@Module({})
export class AppModule {
  static register(config: AdminConfig): DynamicModule {
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
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [Topics.AuditRecorded, Topics.ModerationAction] },
        }),
        CoreModule.register(config),
        AuditModule,
        ModerationModule,
        IdentityModule,
      ],
    };
  }
}
