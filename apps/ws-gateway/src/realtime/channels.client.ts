import { ChannelView, MAX_PAGE_LIMIT, Page } from '@colink/contracts';
import { Identity } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { InternalHttpClient } from './internal-http.client';
import { WS_CONFIG } from './realtime.tokens';

/** The channels a user belongs to, asked of the channels service (the owner of membership). */
@Injectable()
export class ChannelsClient {
  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly http: InternalHttpClient,
  ) {}

  async joinedChannelIds(identity: Identity): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ scope: 'joined', limit: String(MAX_PAGE_LIMIT) });
      if (cursor) query.set('cursor', cursor);
      const page: Page<ChannelView> = await this.http.get(
        this.config.CHANNELS_URL,
        `/api/v1/channels?${query.toString()}`,
        identity,
      );
      ids.push(...page.items.map((channel) => channel.id));
      cursor = page.next_cursor;
    } while (cursor && ids.length < 10_000);
    return ids;
  }
}
