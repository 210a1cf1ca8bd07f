import { AnySocketEnvelope, SocketErrorCodes, SyncChannelResult } from '@colink/contracts';
import { Identity } from '@colink/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { MessagingClient } from './messaging.client';
import { collectMissed } from './missed-messages';
import { WS_CONFIG } from './realtime.tokens';
import { UpstreamError } from './upstream.error';

/** Channels read at once by one `sync`, and changes asked per page (the change route's largest). */
const SYNC_CONCURRENCY = 4;
const SYNC_PAGE = 500;

export type ChannelCatchUp = SyncChannelResult;

/**
 * `sync`: for each channel the caller belongs to, the changes after its cursor (`rev`), in `rev`
 * order, as the envelopes the socket would have received. A channel the caller does not belong to
 * answers `{error: 'not_a_member'}` (private or not: its feed follows membership).
 */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);

  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly messaging: MessagingClient,
  ) {}

  /**
   * Channels are read a few at a time, and the answer stops growing at `SYNC_MAX_ANSWER_BYTES`:
   * past it a channel answers what fits and `truncated: true` (the client pages by REST), so one
   * `sync` never holds more than the budget (plus one page) in memory.
   */
  async catchUp(
    identity: Identity,
    cursors: Record<string, number>,
    isMember: (channelId: string) => boolean,
  ): Promise<Record<string, ChannelCatchUp>> {
    let budget = this.config.SYNC_MAX_ANSWER_BYTES;
    const answer: Record<string, ChannelCatchUp> = {};
    const queue = Object.entries(cursors);
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [channelId, afterRev] = next;
        answer[channelId] = await this.channel(identity, channelId, afterRev, isMember, (bytes) => {
          if (bytes > budget) return false;
          budget -= bytes;
          return true;
        });
      }
    };
    await Promise.all(Array.from({ length: SYNC_CONCURRENCY }, worker));
    // Keep the order the client asked in.
    return Object.fromEntries(Object.keys(cursors).map((id) => [id, answer[id]]));
  }

  private async channel(
    identity: Identity,
    channelId: string,
    afterRev: number,
    isMember: (channelId: string) => boolean,
    spend: (bytes: number) => boolean,
  ): Promise<ChannelCatchUp> {
    if (!isMember(channelId)) return { error: SocketErrorCodes.NotAMember };
    try {
      let cut = false;
      const { items, truncated } = await collectMissed(
        async (limit, cursor) => {
          if (cut) return { items: [], next_cursor: null };
          const page = await this.messaging.changesAfter(identity, channelId, afterRev, limit, cursor);
          const kept: AnySocketEnvelope[] = [];
          for (const envelope of page.items) {
            if (!spend(Buffer.byteLength(JSON.stringify(envelope)))) {
              cut = true;
              break;
            }
            kept.push(envelope);
          }
          return cut ? { items: kept, next_cursor: null } : page;
        },
        this.config.SYNC_MAX_PER_CHANNEL,
        SYNC_PAGE,
      );
      return { events: items, truncated: truncated || cut };
    } catch (error) {
      if (error instanceof UpstreamError && (error.status === 403 || error.status === 404))
        return { error: SocketErrorCodes.NotAMember };
      this.logger.warn({ err: error, channel_id: channelId }, 'sync could not read the changes');
      return { error: SocketErrorCodes.Unavailable };
    }
  }
}
