import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, checks } from '@colink/platform';
import { BiExporterConfig } from './config';

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
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
          readiness: {
            s3: checks.s3({
              endpoint: config.S3_ENDPOINT,
              bucket: config.S3_BUCKET,
              accessKeyId: config.S3_ACCESS_KEY,
              secretAccessKey: config.S3_SECRET_KEY,
            }),
          },
        }),
      ],
    };
  }
}
