import {
  Context,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';
import type { TracerProvider } from '@opentelemetry/sdk-trace';
import type { NextFunction, Request, Response } from 'express';
import { hostname } from 'node:os';
import type { BaseConfig } from '../config/config';
import { RequestContext } from '../context/request-context';

/**
 * OpenTelemetry tracing for every service. With `OTEL_EXPORTER_OTLP_ENDPOINT` set (BaseConfigSchema), spans are
 * exported over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`; without it nothing is recorded, and the
 * trace id still travels (W3C `traceparent` on HTTP and Kafka, `trace_id` in envelopes and logs).
 *
 * One send is one trace: the gateway's server span -> the service's server span (traceparent on the
 * proxied request) -> the outbox row (traceparent header, written in the same transaction) -> the
 * relay's producer span (traceparent on the Kafka record) -> each consumer's span -> the
 * ws-gateway's socket emit span.
 */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
let provider: TracerProvider | undefined;

export function tracer() {
  return trace.getTracer('colink');
}

/**
 * Starts export when configured; resolves whether spans are recorded. The SDK is loaded only then,
 * so a service without an endpoint pays nothing for it. Idempotent.
 */
export async function startTracing(
  service: string,
  config: Partial<Pick<BaseConfig, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>>,
): Promise<boolean> {
  if (provider) return true;
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return false;
  const url = `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
  const [{ AsyncLocalStorageContextManager }, { OTLPTraceExporter }, { resourceFromAttributes }, sdk] =
    await Promise.all([
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace'),
    ]);
  provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({
      'service.name': config.OTEL_SERVICE_NAME ?? `colink-${service}`,
      'service.namespace': 'colink',
      'service.instance.id': `${hostname()}-${process.pid}`,
    }),
    spanProcessors: [
      new sdk.BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }), scheduledDelayMillis: 500 }),
    ],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return true;
}

/** Flushes and stops export (at shutdown). */
export async function stopTracing(): Promise<void> {
  const current = provider;
  provider = undefined;
  await current?.shutdown();
}

/** A parent context from a W3C traceparent, or the root context when it is absent or invalid. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  const match = traceparent?.match(TRACEPARENT);
  if (!match) return ROOT_CONTEXT;
  const spanContext = {
    traceId: match[1],
    spanId: match[2],
    traceFlags: parseInt(match[3], 16) & TraceFlags.SAMPLED,
    isRemote: true,
  };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

/**
 * The traceparent to send onwards: the active span's when there is one, otherwise the request
 * context's trace id (so the id travels even with tracing off).
 */
export function currentTraceparent(): string | undefined {
  const active = trace.getSpanContext(context.active());
  if (active && isSpanContextValid(active))
    return `00-${active.traceId}-${active.spanId}-0${active.traceFlags & TraceFlags.SAMPLED}`;
  const ctx = RequestContext.current();
  return ctx ? `00-${ctx.traceId}-${'0'.repeat(15)}1-01` : undefined;
}

/** A span's traceparent, when its context is valid. */
export function traceparentOf(span: Span): string | undefined {
  const sc = span.spanContext();
  return isSpanContextValid(sc)
    ? `00-${sc.traceId}-${sc.spanId}-0${sc.traceFlags & TraceFlags.SAMPLED}`
    : undefined;
}

/** A short synchronous step as a child span of the active context (e.g. a socket emit). */
export function tracedSync<T>(name: string, attributes: Record<string, string | number>, fn: () => T): T {
  const span = tracer().startSpan(name, { kind: SpanKind.INTERNAL, attributes });
  try {
    return fn();
  } finally {
    span.end();
  }
}

/** Runs `fn` in a new span (child of `parent`, default the active context), ending it either way. */
export async function withSpan<T>(
  name: string,
  options: { kind?: SpanKind; parent?: Context; attributes?: Record<string, string | number> },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    options.parent ?? context.active(),
  );
  try {
    return await context.with(trace.setSpan(options.parent ?? context.active(), span), () => fn(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}

const UNTRACED = /^\/(health|ready|metrics)$/;

/**
 * Express middleware: a SERVER span per request, child of the caller's traceparent, named by the
 * route template once routing has run. Probes and scrapes are not traced.
 */
export function httpServerSpans(req: Request, res: Response, next: NextFunction): void {
  if (UNTRACED.test(req.path)) return next();
  const parent = contextFromTraceparent(req.header('traceparent'));
  const span = tracer().startSpan(
    `${req.method}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
    parent,
  );
  res.once('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    if (route) {
      span.updateName(`${req.method} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}

export { SpanKind };
