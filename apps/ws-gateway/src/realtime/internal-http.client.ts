import { IDENTITY_HEADER, Identity, internalCallHeaders, signIdentity } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { WS_CONFIG } from './realtime.tokens';
import { UpstreamError } from './upstream.error';

/** Calls a service's JSON route as `identity`, with the gateway's signed identity header. */
@Injectable()
export class InternalHttpClient {
  constructor(@Inject(WS_CONFIG) private readonly config: WsGatewayConfig) {}

  async get<T>(baseUrl: string, path: string, identity: Identity): Promise<T> {
    const response = await fetch(new URL(path, baseUrl), {
      headers: {
        [IDENTITY_HEADER]: signIdentity(identity, this.config.INTERNAL_AUTH_SECRET),
        accept: 'application/json',
      },
      signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
    });
    if (!response.ok) throw new UpstreamError(response.status, `GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  /** `service`: the service called, for its `/internal/*` routes (they require a service credential). */
  async post<T>(
    baseUrl: string,
    path: string,
    identity: Identity,
    body: unknown,
    service?: string,
  ): Promise<T> {
    const secret = this.config.INTERNAL_AUTH_SECRET;
    const response = await fetch(new URL(path, baseUrl), {
      method: 'POST',
      headers: {
        ...(service
          ? internalCallHeaders({ from: 'ws-gateway', to: service, secret }, identity)
          : { [IDENTITY_HEADER]: signIdentity(identity, secret) }),
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
    });
    if (!response.ok) throw new UpstreamError(response.status, `POST ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }
}
