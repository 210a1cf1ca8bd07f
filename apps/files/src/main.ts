import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadFilesConfig } from './config';

void bootstrapService(() => {
  const config = loadFilesConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST, config };
});
