import { MetricsService } from '@colink/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { BiExporterConfig, exportSettings } from '../config';
import { FeedStore } from '../storage/feed-store';
import { ParquetEngine } from '../storage/parquet-engine';
import { ExportMetrics } from './export-metrics';
import { ExportService } from './export.service';
import { FeedEventsConsumer } from './feed-events.consumer';
import { FeedExporter } from './feed-exporter';

@Module({})
export class ExportModule {
  static register(config: BiExporterConfig): DynamicModule {
    const settings = exportSettings(config);
    return {
      module: ExportModule,
      providers: [
        {
          provide: FeedExporter,
          inject: [MetricsService],
          useFactory: (metrics: MetricsService) =>
            new FeedExporter(
              settings,
              new FeedStore({
                endpoint: config.S3_ENDPOINT,
                region: config.S3_REGION,
                bucket: settings.bucket,
                accessKeyId: config.S3_ACCESS_KEY,
                secretAccessKey: config.S3_SECRET_KEY,
              }),
              new ParquetEngine(),
              new ExportMetrics(metrics),
            ),
        },
        ExportService,
      ],
      controllers: [FeedEventsConsumer],
    };
  }
}
