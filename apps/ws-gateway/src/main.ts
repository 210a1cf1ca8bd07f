import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadWsGatewayConfig } from './config';

void bootstrapService(() => {
  const config = loadWsGatewayConfig();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST };
});
