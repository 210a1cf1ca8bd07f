import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadAdminConfig } from './config';

void bootstrapService(() => {
  const config = loadAdminConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST, config };
});
