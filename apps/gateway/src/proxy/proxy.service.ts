import {
  IDENTITY_HEADER,
  Identity,
  ProblemException,
  RequestContext,
  hasAnyRole,
  signIdentity,
} from '@colink/platform';
import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GatewayConfig } from '../config';
import { IdempotencyStore, StoredResponse, fingerprint } from '../idempotency/idempotency.store';
import { ProvisioningService } from '../provisioning/provisioning.service';
import { RateLimiter, isWrite } from '../rate-limit/rate-limiter';
import { Upstream, rolesRequiredFor, upstreamFor, upstreamUrls } from './routes';

const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'if-none-match', 'if-match'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'location', 'etag', 'retry-after', 'cache-control'];

/**
 * The gateway's one job per request: after the token is verified, apply the user's rate budget and
 * idempotency, make sure the user is provisioned, and forward to the owning service with the
 * verified identity signed in a header that no client can forge.
 */
@Injectable()
export class ProxyService {
  private readonly logger = new Logger(ProxyService.name);
  private readonly upstreams: Record<Upstream, string>;

  constructor(
    private readonly config: GatewayConfig,
    private readonly limiter: RateLimiter,
    private readonly idempotency: IdempotencyStore,
    private readonly provisioning: ProvisioningService,
  ) {
    this.upstreams = upstreamUrls(config);
  }

  async handle(req: Request, res: Response, identity: Identity): Promise<void> {
    const path = req.path;
    const upstream = upstreamFor(path);
    if (!upstream) throw ProblemException.notFound(`No resource at ${path}.`);
    const roles = rolesRequiredFor(path);
    if (!hasAnyRole(identity, roles))
      throw ProblemException.forbidden(`This needs the role ${roles.join(' or ')}.`);
    await this.checkUserBudget(req, res, identity);

    const body = this.bodyOf(req);
    const key = req.header('idempotency-key');
    if (req.method === 'POST' && key !== undefined) {
      if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
        throw ProblemException.badRequest(
          'The Idempotency-Key header must be 1 to 255 visible ASCII characters.',
          [{ field: 'Idempotency-Key', message: 'is not valid' }],
        );
      }
      const print = fingerprint(req.method, req.originalUrl, body ?? '');
      const claim = await this.idempotency.claim(identity.sub, key, print);
      switch (claim.kind) {
        case 'replay':
          res.setHeader('Idempotent-Replayed', 'true');
          return this.send(res, claim.response);
        case 'mismatch':
          throw new ProblemException(
            422,
            'idempotency-key-reused',
            'This Idempotency-Key was used for a different request.',
          );
        case 'in-flight':
          throw new ProblemException(
            409,
            'idempotency-in-flight',
            'A request with this Idempotency-Key is still being processed; retry shortly.',
            undefined,
            { 'Retry-After': '1' },
          );
        case 'claimed':
          break;
      }
      let response: StoredResponse;
      try {
        response = await this.forward(upstream, req, identity, body);
      } catch (error) {
        await this.idempotency.release(identity.sub, key);
        throw error;
      }
      if (response.status >= 500) await this.idempotency.release(identity.sub, key);
      else await this.idempotency.complete(identity.sub, key, print, response);
      return this.send(res, response);
    }
    return this.send(res, await this.forward(upstream, req, identity, body));
  }

  private async checkUserBudget(req: Request, res: Response, identity: Identity): Promise<void> {
    const write = isWrite(req.method);
    const decision = await this.limiter
      .consume([
        {
          key: `user:${identity.sub}:${write ? 'w' : 'r'}`,
          limit: write ? this.config.RATE_LIMIT_USER_WRITES : this.config.RATE_LIMIT_USER_READS,
        },
      ])
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'rate limiter unavailable; letting the request through');
        return null;
      });
    if (!decision) return;
    res.setHeader('RateLimit-Limit', String(decision.limit));
    res.setHeader('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      throw new ProblemException(
        429,
        'rate-limited',
        `Too many ${write ? 'writes' : 'reads'}; retry in ${decision.retryAfterS} s.`,
        undefined,
        { 'Retry-After': String(decision.retryAfterS) },
      );
    }
  }

  private bodyOf(req: Request): string | undefined {
    const length = Number(req.header('content-length') ?? 0);
    const chunked = req.header('transfer-encoding') !== undefined;
    if (length === 0 && !chunked) return undefined;
    if (!req.is(['application/json', 'application/*+json'])) {
      throw new ProblemException(415, 'unsupported-media-type', 'Request bodies must be application/json.');
    }
    return JSON.stringify(req.body ?? null);
  }

  private async forward(
    upstream: Upstream,
    req: Request,
    identity: Identity,
    body: string | undefined,
  ): Promise<StoredResponse> {
    const ctx = RequestContext.current();
    const headers: Record<string, string> = {
      [IDENTITY_HEADER]: signIdentity(identity, this.config.INTERNAL_AUTH_SECRET),
    };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.header(name);
      if (value) headers[name] = value;
    }
    if (ctx) {
      headers['x-request-id'] = ctx.requestId;
      headers.traceparent = `00-${ctx.traceId}-${'0'.repeat(15)}1-01`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';

    await this.provisioning.ensure(identity, ctx?.requestId ?? '').catch((error: unknown) => {
      this.logger.error({ err: error }, 'provisioning failed');
      throw new ProblemException(
        503,
        'unavailable',
        'CoLink could not set up your account just now; retry shortly.',
        undefined,
        { 'Retry-After': '2' },
      );
    });
    let response: globalThis.Response;
    try {
      response = await fetch(`${this.upstreams[upstream]}${req.originalUrl}`, {
        method: req.method,
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      this.logger.error({ err: error, upstream }, 'upstream request failed');
      throw new ProblemException(
        timedOut ? 504 : 503,
        'unavailable',
        `The ${upstream} service did not answer; retry shortly.`,
        undefined,
        { 'Retry-After': '2' },
      );
    }
    const kept: Record<string, string> = {};
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value) kept[name] = value;
    }
    return { status: response.status, headers: kept, body: await response.text() };
  }

  private send(res: Response, response: StoredResponse): void {
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.status(response.status).send(response.body);
  }
}
