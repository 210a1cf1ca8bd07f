import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadBiExporterConfig } from './config';

void bootstrapService(() => {
  const config = loadBiExporterConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST, config };
});
