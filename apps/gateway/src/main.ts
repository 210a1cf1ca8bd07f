import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import express from 'express';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config';
import { apiProxy } from './proxy/api-proxy.middleware';
import { normalisedPaths } from './proxy/normalised-path.middleware';
import { socketIoProxy } from './proxy/socket-io.proxy';
import { ipRateLimit } from './rate-limit/ip-rate-limit.middleware';
import { RateLimiter } from './rate-limit/rate-limiter';
import { webAppCsp } from './web-app/web-app-csp';

void bootstrapService(() => {
  const config = loadGatewayConfig();
  return {
    module: AppModule.register(config),
    port: config.PORT,
    host: config.HOST,
    config,
    bodyLimit: config.BODY_LIMIT,
    configure: (app) => {
      app.enableCors({
        origin: config.CORS_ORIGINS,
        credentials: true,
        allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'traceparent'],
        exposedHeaders: [
          'X-Request-Id',
          'Retry-After',
          'RateLimit-Limit',
          'RateLimit-Remaining',
          'Idempotent-Replayed',
          'Location',
        ],
        maxAge: 600,
      });
      const limiter = app.get(RateLimiter);
      // Order matters: the address budget first (every path, every spelling), then the path check,
      // then whatever serves the path.
      app.use(ipRateLimit(limiter, config.RATE_LIMIT_IP_READS, config.RATE_LIMIT_IP_WRITES));
      app.use(normalisedPaths());
      const socketIo = socketIoProxy(config.WS_GATEWAY_URL, (req) =>
        limiter
          .consume([{ key: `ip:${req.socket.remoteAddress}:r`, limit: config.RATE_LIMIT_IP_READS }])
          .then((decision) => decision.allowed),
      );
      app.use(socketIo.middleware);
      (app.getHttpServer() as Server).on('upgrade', socketIo.upgrade);
      app.use(apiProxy(app));
      app.use('/api/docs/assets', express.static(dirname(require.resolve('swagger-ui-dist/package.json'))));
      // The built web app, when present: static files, then index.html for the app's own routes.
      const web = resolve(config.WEB_DIST);
      if (existsSync(resolve(web, 'index.html'))) {
        const csp = webAppCsp(config.KEYCLOAK_URL, config.S3_PUBLIC_ENDPOINT);
        app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
          if (!/^\/(api|socket\.io)(\/|$)/.test(req.path)) res.setHeader('Content-Security-Policy', csp);
          next();
        });
        app.use(express.static(web, { index: 'index.html', maxAge: '1h' }));
        app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
          const ownedByServer = /^\/(api|socket\.io|health|ready|metrics|internal|openapi\.json)(\/|$)/i.test(
            req.path,
          );
          if (req.method !== 'GET' || ownedByServer || !req.accepts('html')) return next();
          res.sendFile(resolve(web, 'index.html'));
        });
      }
    },
  };
});
