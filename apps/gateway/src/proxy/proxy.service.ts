import {
  IDENTITY_HEADER,
  Identity,
  RequestContext,
  currentTraceparent,
  hasAnyRole,
  signIdentity,
} from '@colink/platform';
import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GatewayConfig } from '../config';
import { OpenApiMerger } from '../docs/openapi-merger.service';
import { ActiveUsers } from '../metrics/active-users';
import { GatewayErrorCode, gatewayError } from '../errors/gateway.errors';
import { IdempotencyStore, StoredResponse, fingerprint } from '../idempotency/idempotency.store';
import { ProvisioningService } from '../provisioning/provisioning.service';
import { ipRefusal, takeDeferredIpBudget } from '../rate-limit/ip-rate-limit.middleware';
import { RateLimiter, isWrite } from '../rate-limit/rate-limiter';
import { formatPath, requestPathVerdict } from './request-path';
import { Upstream, rolesRequiredFor, upstreamFor, upstreamUrls } from './routes';
import { streamBody } from './stream-body';
import { UpstreamClient, UpstreamResponse, UpstreamTimeoutError, upstreamText } from './upstream-client';

const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'if-none-match', 'if-match'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'location', 'etag', 'retry-after', 'cache-control'];
/** What the gateway can forward at all; anything else (TRACE, CONNECT, ...) is a 405 here. */
const PROXIED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * The gateway's one job per request: after the token is verified, apply the user's rate budget and
 * idempotency, make sure the user is provisioned, and forward to the owning service with the
 * verified identity signed in a header that no client can forge. The upstream URL is rebuilt from
 * the normalised path, and the upstream body is streamed back (buffered only to be remembered for
 * an `Idempotency-Key`).
 */
@Injectable()
export class ProxyService {
  private readonly logger = new Logger(ProxyService.name);
  private readonly upstreams: Record<Upstream, string>;
  private readonly client = new UpstreamClient();

  constructor(
    private readonly config: GatewayConfig,
    private readonly limiter: RateLimiter,
    private readonly idempotency: IdempotencyStore,
    private readonly provisioning: ProvisioningService,
    private readonly docs: OpenApiMerger,
    private readonly activeUsers: ActiveUsers,
  ) {
    this.upstreams = upstreamUrls(config);
  }

  async handle(req: Request, res: Response, identity: Identity): Promise<void> {
    const verdict = requestPathVerdict(req.originalUrl, res.locals);
    if (!verdict.ok)
      throw gatewayError(GatewayErrorCode.PathNotNormalised, { detail: `Refused: ${verdict.reason}.` });
    const path = formatPath(verdict.path);
    const upstream = upstreamFor(path);
    if (!upstream) throw gatewayError(GatewayErrorCode.NoRoute, { detail: `No resource at ${path}.` });
    this.checkMethod(req.method, path);
    const roles = rolesRequiredFor(path);
    if (!hasAnyRole(identity, roles))
      throw gatewayError(GatewayErrorCode.RoleRequired, {
        detail: `This needs the role ${roles.join(' or ')}.`,
      });
    await this.checkUserBudget(req, res, identity);
    this.activeUsers.seen(identity.sub);

    const target = `${this.upstreams[upstream]}${path}${verdict.path.search}`;
    const body = this.bodyOf(req);
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined)
      return this.stream(res, await this.forward(upstream, target, req, identity, body));

    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw gatewayError(GatewayErrorCode.IdempotencyKeyInvalid, {
        errors: [{ field: 'Idempotency-Key', message: 'is not valid' }],
      });
    }
    const print = fingerprint(req.method, `${path}${verdict.path.search}`, body ?? '');
    const claim = await this.idempotency.claim(identity.sub, key, print);
    switch (claim.kind) {
      case 'replay':
        res.setHeader('Idempotent-Replayed', 'true');
        return this.send(res, claim.response);
      case 'mismatch':
        throw gatewayError(GatewayErrorCode.IdempotencyKeyReused);
      case 'in-flight':
        throw gatewayError(GatewayErrorCode.IdempotencyInFlight);
      case 'claimed':
        break;
    }
    let response: StoredResponse;
    try {
      const upstreamResponse = await this.forward(upstream, target, req, identity, body);
      response = {
        status: upstreamResponse.status,
        headers: this.keptHeaders(upstreamResponse),
        body: await upstreamText(upstreamResponse),
      };
    } catch (error) {
      await this.idempotency.release(identity.sub, key);
      throw error;
    }
    if (response.status >= 500) await this.idempotency.release(identity.sub, key);
    else await this.idempotency.complete(identity.sub, key, print, response);
    return this.send(res, response);
  }

  /** 405 with `Allow` for a method the gateway cannot forward or the resource does not have. */
  private checkMethod(method: string, path: string): void {
    const allowed = this.docs.routes()?.allowed(path);
    if (PROXIED_METHODS.includes(method) && (!allowed || allowed.includes(method))) return;
    const allow = [...(allowed ?? PROXIED_METHODS), 'OPTIONS'].join(', ');
    throw gatewayError(GatewayErrorCode.MethodNotAllowed, {
      detail: `${method} is not supported on ${path}; allowed: ${allow}.`,
      headers: { Allow: allow },
    });
  }

  /** The user's budget, and the address budget the front door left to count with it (one round trip). */
  private async checkUserBudget(req: Request, res: Response, identity: Identity): Promise<void> {
    const write = isWrite(req.method);
    const address = takeDeferredIpBudget(res);
    const budgets = [
      {
        key: `user:${identity.sub}:${write ? 'w' : 'r'}`,
        limit: write ? this.config.RATE_LIMIT_USER_WRITES : this.config.RATE_LIMIT_USER_READS,
      },
      ...(address ? [address] : []),
    ];
    const decisions = await this.limiter.consumeEach(budgets).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'rate limiter unavailable; letting the request through');
      return null;
    });
    if (!decisions) return;
    const [user, fromAddress] = decisions;
    if (fromAddress && !fromAddress.allowed) throw ipRefusal(fromAddress, write);
    res.setHeader('RateLimit-Limit', String(user.limit));
    res.setHeader('RateLimit-Remaining', String(user.remaining));
    if (!user.allowed) {
      throw gatewayError(GatewayErrorCode.RateLimited, {
        detail: `Too many ${write ? 'writes' : 'reads'}; retry in ${user.retryAfterS} s.`,
        headers: { 'Retry-After': String(user.retryAfterS) },
      });
    }
  }

  private bodyOf(req: Request): string | undefined {
    // Content on GET or HEAD has no meaning (RFC 9110): it is not forwarded.
    if (req.method === 'GET' || req.method === 'HEAD') return undefined;
    const length = Number(req.header('content-length') ?? 0);
    const chunked = req.header('transfer-encoding') !== undefined;
    if (length === 0 && !chunked) return undefined;
    if (!req.is(['application/json', 'application/*+json']))
      throw gatewayError(GatewayErrorCode.UnsupportedMediaType);
    return JSON.stringify(req.body ?? null);
  }

  private async forward(
    upstream: Upstream,
    target: string,
    req: Request,
    identity: Identity,
    body: string | undefined,
  ): Promise<UpstreamResponse> {
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
      headers.traceparent = currentTraceparent() ?? `00-${ctx.traceId}-${'0'.repeat(15)}1-01`;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';

    await this.provisioning.ensure(identity, ctx?.requestId ?? '').catch((error: unknown) => {
      this.logger.error({ err: error }, 'provisioning failed');
      throw gatewayError(GatewayErrorCode.ProvisioningUnavailable);
    });
    try {
      return await this.client.request(target, req.method, headers, body, this.config.UPSTREAM_TIMEOUT_MS);
    } catch (error) {
      const timedOut = error instanceof UpstreamTimeoutError;
      this.logger.error({ err: error, upstream }, 'upstream request failed');
      throw gatewayError(timedOut ? GatewayErrorCode.UpstreamTimeout : GatewayErrorCode.UpstreamUnavailable, {
        detail: `The ${upstream} service did not answer${timedOut ? ' in time' : ''}; retry shortly.`,
      });
    }
  }

  private keptHeaders(response: UpstreamResponse): Record<string, string> {
    const kept: Record<string, string> = {};
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = response.headers[name];
      if (value) kept[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return kept;
  }

  /** Status and headers at once, then the body as it arrives: nothing is held whole in memory. */
  private async stream(res: Response, response: UpstreamResponse): Promise<void> {
    for (const [name, value] of Object.entries(this.keptHeaders(response))) res.setHeader(name, value);
    res.status(response.status);
    const failure = await streamBody(response.body, res);
    if (failure) this.logger.warn({ err: failure }, 'upstream body ended early');
  }

  private send(res: Response, response: StoredResponse): void {
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    res.status(response.status).send(response.body);
  }
}
