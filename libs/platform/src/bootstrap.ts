import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestMicroservice } from '@nestjs/microservices';
import { NestFactory } from '@nestjs/core';
import type { Application, NextFunction, Request, Response } from 'express';
import { json } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { RequestContextMiddleware } from './context/request-context.middleware';
import { BaseConfig, ConfigError } from './config/config';
import { EVENT_TRANSPORT, KafkaEventTransport, KeepHandlerErrors } from './kafka/event-transport';
import { MetricsService } from './metrics/metrics.service';
import { httpServerSpans, startTracing, stopTracing } from './tracing/tracing';

export interface BootstrapOptions {
  module: DynamicModule | Type<unknown>;
  port: number;
  host: string;
  /** The service's config: its metrics port and HTTP timeouts (defaults when absent). */
  config?: Partial<BaseConfig>;
  bodyLimit?: string;
  configure?: (app: INestApplication) => void | Promise<void>;
}

/** The metrics port when none is configured: the API port + 1000 (3001 -> 4001, 8080 -> 9080). */
export const METRICS_PORT_OFFSET = 1000;

/** Starts a service: config errors end the process with their message, never a stack trace. */
export async function bootstrapService(options: () => BootstrapOptions): Promise<INestApplication> {
  let resolved: BootstrapOptions;
  let traced: boolean;
  try {
    resolved = options();
    // The service is the app folder it runs from (dist/apps/<name>/...); OTEL_SERVICE_NAME overrides.
    const app = /dist\/apps\/([^/]+)\//.exec(process.argv[1] ?? '')?.[1] ?? 'service';
    traced = await startTracing(app, resolved.config ?? {});
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await NestFactory.create(resolved.module, { bufferLogs: true, bodyParser: false });
  const context = new RequestContextMiddleware();
  // Without an exporter a span records nothing and no context carries it: the layer is left out.
  if (traced) app.use(httpServerSpans);
  app.use((req: Request, res: Response, next: NextFunction) => context.use(req, res, next));
  (app.getHttpAdapter().getInstance() as Application).disable('x-powered-by');
  app.use(securityHeaders());
  app.use(json({ limit: resolved.bodyLimit ?? '256kb', type: ['application/json', 'application/*+json'] }));
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await resolved.configure?.(app);
  const config = resolved.config ?? {};
  const server = app.getHttpServer() as Server;
  // Slow or silent clients are cut off instead of holding a socket (and a file descriptor) forever.
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_MS ?? 10_000;
  server.requestTimeout = Math.max(config.HTTP_REQUEST_TIMEOUT_MS ?? 60_000, server.headersTimeout);
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? 5_000;
  server.setTimeout(config.HTTP_IDLE_TIMEOUT_MS ?? 120_000);
  await app.init();
  await startEventTransport(app);
  await app.listen(resolved.port, resolved.host);
  await serveMetrics(app, config.METRICS_PORT ?? resolved.port + METRICS_PORT_OFFSET, resolved.host);
  process.once('SIGTERM', () => void stopTracing());
  compactAfterStart();
  return app;
}

/**
 * helmet's default headers, taken once at start and set on every response: helmet's defaults are the
 * same for every request, and its chain of thirteen middlewares ran per request (docs/performance.md).
 * Express no longer writes the `X-Powered-By` that helmet removed.
 */
function securityHeaders() {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push([name, value]),
    removeHeader: () => undefined,
    getHeader: () => undefined,
  };
  helmet()(
    { headers: {}, method: 'GET', url: '/' } as Request,
    recorder as unknown as Response,
    () => undefined,
  );
  if (!headers.length) throw new Error('helmet set no headers');
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

/** How long after listening the start-up garbage is collected: past the first Kafka fetches. */
const COMPACT_AFTER_MS = 3_000;
/** How often the process looks whether it went idle holding memory that work left committed. */
const IDLE_CHECK_MS = 5_000;
/** Idle: the event loop busy less than this share of the last check's interval. */
const IDLE_UTILIZATION = 0.05;
/** Grown: RSS this much above what it was after the last memory-reducing collection. */
const GROWN_RSS_BYTES = 8 * 2 ** 20;

/**
 * Memory-reducing collections, which give pages back to the system. One a few seconds after start:
 * start-up leaves the old generation's pages mostly empty but committed (node-redis builds a class of
 * every command per client: ~70 MB allocated at ws-gateway's start), and V8's memory reducer does not
 * run while timers keep allocating (ws-gateway idle 159 -> ~110 MiB, docs/performance.md). Then one
 * each time the process is idle with RSS grown since the last one: work grows the young generation
 * (up to its cap, deploy/node.env) and leaves old-generation pages committed, and V8 hands them back
 * only on such a collection (files after 4,600 metrics scrapes: 113.9 MiB, then 99.1 MiB 8 s after
 * they stopped, with the 2 MiB cap). Checked every 5 s from the event loop's utilization and RSS: a full
 * collection (~10-30 ms) only when the process is idle and RSS has grown 8 MiB since the last one. It
 * needs `--expose-gc` (deploy/node.env); without it, nothing.
 */
function compactAfterStart(): void {
  const gc = (globalThis as { gc?: (options?: object) => void }).gc;
  if (typeof gc !== 'function') return;
  let compactedRss = Infinity;
  const compact = () => {
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    compactedRss = process.memoryUsage.rss();
  };
  setTimeout(compact, COMPACT_AFTER_MS).unref();
  let last = performance.eventLoopUtilization();
  setInterval(() => {
    const now = performance.eventLoopUtilization();
    const idle = performance.eventLoopUtilization(now, last).utilization < IDLE_UTILIZATION;
    last = now;
    if (idle && process.memoryUsage.rss() > compactedRss + GROWN_RSS_BYTES) compact();
  }, IDLE_CHECK_MS).unref();
}

/**
 * `GET /metrics` on a port of its own, which only Prometheus is pointed at: the API port (and so the
 * public gateway) never serves it.
 */
async function serveMetrics(app: INestApplication, port: number, host: string): Promise<void> {
  const metrics = app.get(MetricsService);
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  (app.getHttpServer() as Server).once('close', () => server.close());
  app.get(Logger).log(`metrics on ${host}:${(server.address() as AddressInfo).port}`, 'Bootstrap');
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
