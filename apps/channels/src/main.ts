import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadChannelsConfig } from './config';

void bootstrapService(() => {
  const config = loadChannelsConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST, config };
});
