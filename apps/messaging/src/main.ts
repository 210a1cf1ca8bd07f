import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadMessagingConfig } from './config';

void bootstrapService(() => {
  const config = loadMessagingConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST, config };
});
