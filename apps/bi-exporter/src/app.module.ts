import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, checks } from '@colink/platform';
import { BiExporterConfig, exportSettings } from './config';
import { ExportModule } from './export/export.module';
import { EXPORTED_TOPICS } from './feeds/feed-registry';

@Module({})
export class AppModule {
  static register(config: BiExporterConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'bi-exporter',
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          kafka: {
            brokers: config.KAFKA_BROKERS,
            consumes: EXPORTED_TOPICS,
            consumer: {
              groupId: config.BI_CONSUMER_GROUP,
              fromBeginning: true,
              // Rows are deduped on their event id against the committed files, not in a database,
              // and offsets are committed only once the files holding their rows are.
              dedupe: { store: 'none' },
              acknowledge: 'deferred',
            },
          },
          readiness: {
            s3: checks.s3({
              endpoint: config.S3_ENDPOINT,
              bucket: exportSettings(config).bucket,
              accessKeyId: config.S3_ACCESS_KEY,
              secretAccessKey: config.S3_SECRET_KEY,
              region: config.S3_REGION,
            }),
          },
        }),
        ExportModule.register(config),
      ],
    };
  }
}
