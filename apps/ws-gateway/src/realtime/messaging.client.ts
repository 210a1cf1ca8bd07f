import { AnySocketEnvelope, Page } from '@colink/contracts';
import { Identity } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { InternalHttpClient } from './internal-http.client';
import { WS_CONFIG } from './realtime.tokens';

/** A channel's changes after a rev, from the messaging service's REST route (which checks membership). */
@Injectable()
export class MessagingClient {
  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly http: InternalHttpClient,
  ) {}

  changesAfter(
    identity: Identity,
    channelId: string,
    afterRev: number,
    limit: number,
    cursor?: string,
  ): Promise<Page<AnySocketEnvelope>> {
    const query = new URLSearchParams({ after_rev: String(afterRev), limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return this.http.get(
      this.config.MESSAGING_URL,
      `/api/v1/channels/${encodeURIComponent(channelId)}/changes?${query.toString()}`,
      identity,
    );
  }
}
