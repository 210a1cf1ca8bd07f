import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestMicroservice } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { RequestContextMiddleware } from './context/request-context.middleware';
import { ConfigError } from './config/config';
import { EVENT_TRANSPORT, KafkaEventTransport, KeepHandlerErrors } from './kafka/event-transport';

export interface BootstrapOptions {
  module: DynamicModule | Type<unknown>;
  port: number;
  host: string;
  bodyLimit?: string;
  configure?: (app: INestApplication) => void | Promise<void>;
}

/** Starts a service: config errors end the process with their message, never a stack trace. */
export async function bootstrapService(options: () => BootstrapOptions): Promise<INestApplication> {
  let resolved: BootstrapOptions;
  try {
    resolved = options();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await NestFactory.create(resolved.module, { bufferLogs: true, bodyParser: false });
  const context = new RequestContextMiddleware();
  app.use((req: Request, res: Response, next: NextFunction) => context.use(req, res, next));
  app.use(helmet());
  app.use(json({ limit: resolved.bodyLimit ?? '256kb', type: ['application/json', 'application/*+json'] }));
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await resolved.configure?.(app);
  await app.init();
  await startEventTransport(app);
  await app.listen(resolved.port, resolved.host);
  return app;
}

/**
 * Connects the transport to a created (not yet listening) app and starts consuming. `bootstrapService`
 * calls it; a test that builds its app with `Test.createTestingModule` calls it after `app.init()`.
 */
export async function startEventTransport(app: INestApplication): Promise<void> {
  const transport = app.get<KafkaEventTransport | null>(EVENT_TRANSPORT);
  if (!transport) return; // a service without Kafka
  // What connectMicroservice does when not deferred, with the filter in place before the handlers
  // are registered (they capture the filters then). Not inheriting the app's config keeps HTTP's
  // guards, interceptors and problem+json filter off event handlers.
  const microservice = app.connectMicroservice(
    { strategy: transport },
    { deferInitialization: true },
  ) as NestMicroservice;
  microservice.useGlobalFilters(new KeepHandlerErrors());
  microservice.registerListeners();
  microservice.setIsInitialized(true);
  // The shared container's lifecycle hooks belong to the app: they must not run a second time.
  microservice.setIsInitHookCalled(true);
  await app.startAllMicroservices();
}
