import { Identity, IDENTITY_HEADER, signIdentity } from '@colink/platform';
import { Logger } from '@nestjs/common';

export interface ChannelRef {
  id: string;
  name: string;
}

const PAGE_LIMIT = 200;
const MAX_PAGES = 10;

/**
 * Asks the channels service, on the caller's behalf (the same signed identity the gateway sends),
 * what the membership projection may not have caught up with yet: a channel joined a moment ago.
 */
export class ChannelsClient {
  private readonly logger = new Logger(ChannelsClient.name);

  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly timeoutMs = 2_000,
  ) {}

  private headers(identity: Identity): Record<string, string> {
    return { [IDENTITY_HEADER]: signIdentity(identity, this.secret) };
  }

  /** Whether the caller may read the channel now; false when the channels service cannot say. */
  async canRead(identity: Identity, channelId: string): Promise<boolean> {
    try {
      const response = await fetch(`${this.baseUrl}/api/v1/channels/${encodeURIComponent(channelId)}`, {
        headers: this.headers(identity),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.body?.cancel();
      return response.status === 200;
    } catch (error) {
      this.logger.warn(
        { err: error, channel_id: channelId },
        'channels service did not answer: access denied',
      );
      return false;
    }
  }

  /** The channels the caller belongs to now; empty when the channels service cannot say. */
  async joined(identity: Identity): Promise<ChannelRef[]> {
    const channels: ChannelRef[] = [];
    let cursor: string | null = null;
    try {
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const query = new URLSearchParams({ scope: 'joined', limit: String(PAGE_LIMIT) });
        if (cursor) query.set('cursor', cursor);
        const response = await fetch(`${this.baseUrl}/api/v1/channels?${query}`, {
          headers: this.headers(identity),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        if (response.status !== 200) {
          await response.body?.cancel();
          break;
        }
        const body = (await response.json()) as { items: ChannelRef[]; next_cursor: string | null };
        channels.push(...body.items.map(({ id, name }) => ({ id, name })));
        cursor = body.next_cursor;
        if (!cursor) break;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'channels service did not answer: projection only');
    }
    return channels;
  }
}
