import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadPresenceConfig } from './config';

void bootstrapService(() => {
  const config = loadPresenceConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST, config };
});
