import 'reflect-metadata';
import { RedisService, bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadWsGatewayConfig } from './config';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

void bootstrapService(() => {
  const config = loadWsGatewayConfig();
  return {
    module: AppModule.register(config),
    port: config.PORT,
    host: config.HOST,
    config,
    configure: async (app) => {
      const redis = app.get(RedisService);
      const [pub, sub] = await Promise.all([
        redis.duplicate('socket.io-adapter-pub'),
        redis.duplicate('socket.io-adapter-sub'),
      ]);
      app.useWebSocketAdapter(
        new RedisIoAdapter(app, pub, sub, {
          path: '/socket.io',
          maxHttpBufferSize: config.SOCKET_MAX_PAYLOAD_BYTES,
        }),
      );
    },
  };
});
