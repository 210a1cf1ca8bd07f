import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import type { Server } from 'node:http';
import { AppModule } from './app.module';
import { loadWsGatewayConfig } from './config';
import { RealtimeServer } from './realtime/realtime.server';

void bootstrapService(() => {
  const config = loadWsGatewayConfig();
  return {
    module: AppModule.register(config),
    port: config.PORT,
    host: config.HOST,
    configure: (app) => app.get(RealtimeServer).attach(app.getHttpServer() as Server),
  };
});
