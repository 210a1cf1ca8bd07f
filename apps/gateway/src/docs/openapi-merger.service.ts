import { OpenApiDocument, PROBLEM_SCHEMA, problemResponse } from '@colink/platform';
import { Injectable, Logger } from '@nestjs/common';
import { RouteTable } from '../proxy/route-table';

/** The gateway's own public routes: this document and its browsable UI, without a token. */
const GATEWAY_PATHS: OpenApiDocument['paths'] = {
  '/api/docs-json': {
    get: {
      operationId: 'gateway.openApi',
      tags: ['gateway'],
      security: [],
      parameters: [],
      responses: {
        '200': {
          description: 'This document: the OpenAPI 3.1 of the public surface',
          content: {
            'application/json': { schema: { type: 'object', required: ['openapi', 'info', 'paths'] } },
          },
        },
        '429': { $ref: '#/components/responses/RateLimited' },
      },
    },
  },
  '/api/docs': {
    get: {
      operationId: 'gateway.ui',
      tags: ['gateway'],
      security: [],
      parameters: [],
      responses: {
        '200': { description: 'The browsable UI', content: { 'text/html': { schema: { type: 'string' } } } },
        '429': { $ref: '#/components/responses/RateLimited' },
      },
    },
  },
};

/** A complete document is kept this long; one missing a service only briefly, so it fills in soon. */
const CACHE_MS = 60_000;
const PARTIAL_CACHE_MS = 5_000;

/**
 * The one OpenAPI of the public surface, assembled from each service's own `/openapi.json`, plus
 * what the gateway adds to every route: bearer auth, `Idempotency-Key`, rate limits, request ids.
 */
@Injectable()
export class OpenApiMerger {
  private readonly logger = new Logger(OpenApiMerger.name);
  private cached?: { until: number; document: OpenApiDocument; routes: RouteTable };
  private pending?: Promise<OpenApiDocument>;

  constructor(
    private readonly services: Record<string, string>,
    private readonly issuer: string,
  ) {}

  /** Cached, and single-flight: however many callers ask at once, the services are asked once. */
  document(): Promise<OpenApiDocument> {
    if (this.cached && Date.now() < this.cached.until) return Promise.resolve(this.cached.document);
    this.pending ??= this.assemble().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /**
   * The methods each public path supports, from the last document assembled (refreshed in the
   * background when stale); `undefined` until one has been.
   */
  routes(): RouteTable | undefined {
    if (!this.cached || Date.now() >= this.cached.until) void this.document().catch(() => undefined);
    return this.cached?.routes;
  }

  private async assemble(): Promise<OpenApiDocument> {
    const parts = await Promise.all(
      Object.entries(this.services).map(async ([name, url]) => {
        try {
          const response = await fetch(`${url}/openapi.json`, { signal: AbortSignal.timeout(3_000) });
          if (!response.ok) throw new Error(`answered ${response.status}`);
          return [name, (await response.json()) as OpenApiDocument] as const;
        } catch (error) {
          this.logger.warn({ err: error, service: name }, 'service OpenAPI unavailable');
          return [name, null] as const;
        }
      }),
    );
    const document = this.merge(
      parts.filter((part): part is readonly [string, OpenApiDocument] => part[1] !== null),
    );
    const missing = parts.filter(([, part]) => part === null).map(([name]) => name);
    if (missing.length > 0)
      document.info.description += ` Missing while their services are down: ${missing.join(', ')}.`;
    this.cached = {
      until: Date.now() + (missing.length === 0 ? CACHE_MS : PARTIAL_CACHE_MS),
      document,
      routes: new RouteTable(document),
    };
    return document;
  }

  private merge(parts: ReadonlyArray<readonly [string, OpenApiDocument]>): OpenApiDocument {
    const paths: OpenApiDocument['paths'] = {};
    for (const [, part] of parts) {
      for (const [path, operations] of Object.entries(part.paths)) {
        paths[path] = { ...paths[path], ...operations };
        for (const [method, operation] of Object.entries(operations)) {
          const op = operation as {
            parameters?: unknown[];
            requestBody?: unknown;
            responses: Record<string, unknown>;
          };
          op.parameters = [
            ...(op.parameters ?? []),
            ...(method === 'post' ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
          ];
          // What the gateway itself can answer in front of every route (gateway.errors.ts).
          op.responses['400'] ??= problemResponse(400);
          op.responses['401'] ??= { $ref: '#/components/responses/Unauthorized' };
          if (op.requestBody) {
            op.responses['413'] ??= problemResponse(413, 'The body is over the size limit');
            op.responses['415'] ??= problemResponse(415, 'Request bodies must be application/json');
          }
          if (method === 'post') {
            op.responses['409'] ??= problemResponse(
              409,
              'A request with this Idempotency-Key is still in flight',
            );
            op.responses['422'] ??= problemResponse(
              422,
              'This Idempotency-Key was used for a different request',
            );
          }
          op.responses['429'] ??= { $ref: '#/components/responses/RateLimited' };
          op.responses['503'] ??= { $ref: '#/components/responses/Unavailable' };
          op.responses['504'] ??= { $ref: '#/components/responses/UpstreamTimeout' };
          op.responses = Object.fromEntries(
            Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)),
          );
        }
      }
    }
    Object.assign(paths, GATEWAY_PATHS);
    return {
      openapi: '3.1.0',
      info: {
        title: 'CoLink API',
        version: '1',
        description:
          'The public REST surface of CoLink. Every response carries X-Request-Id; errors are RFC 9457 problem+json.',
      },
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
      components: {
        schemas: { Problem: PROBLEM_SCHEMA },
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: `Access token from the Keycloak realm at ${this.issuer}`,
          },
        },
        parameters: {
          IdempotencyKey: {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              '1 to 255 visible ASCII characters, new for each request: the same key from the same user within 24 h returns the first response and has no second effect; the same key with a different request is 422.',
            schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
          },
        },
        responses: {
          Unauthorized: {
            description: 'Missing, expired or invalid bearer token',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
          RateLimited: {
            description: 'Over the rate budget; retry after the given seconds',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
          Unavailable: {
            description: 'The owning service did not answer (or could not set up the account); retry later',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
          UpstreamTimeout: {
            description: 'The owning service did not answer in time; retry later',
            headers: { 'Retry-After': { schema: { type: 'integer' } } },
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
      } as OpenApiDocument['components'],
      security: [{ bearer: [] }],
      tags: [{ name: 'gateway' }, ...parts.map(([name]) => ({ name }))],
    };
  }
}
