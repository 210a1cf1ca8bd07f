import { ChannelView, MAX_PAGE_LIMIT, Page } from '@colink/contracts';
import { Identity } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { InternalHttpClient } from './internal-http.client';
import { WS_CONFIG } from './realtime.tokens';

/**
 * The channels a user belongs to, asked of the channels service (the owner of membership).
 *
 * A reconnect storm brings every socket of an instance back at once (several per user: web, phone,
 * tabs), each needing its user's channels before `connect`. Two things keep that from flooding the
 * channels service until lookups time out and the clients retry into it again:
 * - lookups of one user that overlap share one request (its answer is as fresh as either's would be;
 *   nothing is kept after it, so membership is never read from a cache);
 * - at most MEMBERSHIP_LOOKUPS_IN_FLIGHT requests are in flight; the others wait their turn.
 */
@Injectable()
export class ChannelsClient {
  private readonly pending = new Map<string, Promise<string[]>>();
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly http: InternalHttpClient,
  ) {}

  joinedChannelIds(identity: Identity): Promise<string[]> {
    const shared = this.pending.get(identity.sub);
    if (shared) return shared;
    const lookup = this.bounded(() => this.fetchJoined(identity)).finally(() =>
      this.pending.delete(identity.sub),
    );
    this.pending.set(identity.sub, lookup);
    return lookup;
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.config.MEMBERSHIP_LOOKUPS_IN_FLIGHT)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
      this.waiting.shift()?.();
    }
  }

  private async fetchJoined(identity: Identity): Promise<string[]> {
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
