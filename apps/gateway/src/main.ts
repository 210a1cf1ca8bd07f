import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config';

void bootstrapService(() => {
  const config = loadGatewayConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST };
});
