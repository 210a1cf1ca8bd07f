import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, checks } from '@colink/platform';
import { FilesConfig } from './config';
import { FilesModule } from './files/files.module';

@Module({})
export class AppModule {
  static register(config: FilesConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          service: 'files',
          logLevel: config.LOG_LEVEL,
          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },
          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },
          readiness: {
            s3: checks.s3({
              endpoint: config.S3_ENDPOINT,
              region: config.S3_REGION,
              bucket: config.S3_BUCKET,
              accessKeyId: config.S3_ACCESS_KEY,
              secretAccessKey: config.S3_SECRET_KEY,
            }),
            clamd: checks.clamd(config.CLAMD_HOST, config.CLAMD_PORT),
          },
        }),
        FilesModule.register(config),
      ],
    };
  }
}
