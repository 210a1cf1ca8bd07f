import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { loadMessagingConfig } from './config';
import { postRoute } from './messages/post-route.middleware';

void bootstrapService(() => {
  const config = loadMessagingConfig();
  return {
    module: AppModule.register(config),
    port: config.PORT,
    host: config.HOST,
    config,
    configure: (app) => {
      app.use(postRoute(app));
    },
  };
});
