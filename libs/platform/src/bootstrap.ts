import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { RequestContextMiddleware } from './context/request-context.middleware';
import { ConfigError } from './config/config';

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
  await app.listen(resolved.port, resolved.host);
  return app;
}
