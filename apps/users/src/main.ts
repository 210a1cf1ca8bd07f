import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadUsersConfig } from './config';

void bootstrapService(() => {
  const config = loadUsersConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST, config };
});
