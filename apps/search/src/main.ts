import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadSearchConfig } from './config';

void bootstrapService(() => {
  const config = loadSearchConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST, config };
});
