import { MessageView, Page } from '@colink/contracts';
import { Identity } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { InternalHttpClient } from './internal-http.client';
import { WS_CONFIG } from './realtime.tokens';

/** A channel's history after a seq, from the messaging service's REST route (which checks access). */
@Injectable()
export class MessagingClient {
  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly http: InternalHttpClient,
  ) {}

  messagesAfter(
    identity: Identity,
    channelId: string,
    afterSeq: number,
    limit: number,
    cursor?: string,
  ): Promise<Page<MessageView>> {
    const query = new URLSearchParams({ after_seq: String(afterSeq), limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    return this.http.get(
      this.config.MESSAGING_URL,
      `/api/v1/channels/${encodeURIComponent(channelId)}/messages?${query.toString()}`,
      identity,
    );
  }
}
