import { MessageView } from '@colink/contracts';
import { Identity } from '@colink/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { MessagingClient } from './messaging.client';
import { collectMissed } from './missed-messages';
import { WS_CONFIG } from './realtime.tokens';
import { UpstreamError } from './upstream.error';

export type ChannelCatchUp =
  { messages: MessageView[]; truncated: boolean } | { error: 'not_a_member' | 'unavailable' };

/** `sync`: for each channel the caller belongs to, the messages after its cursor, in seq order. */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);

  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly messaging: MessagingClient,
  ) {}

  async catchUp(
    identity: Identity,
    cursors: Record<string, number>,
    isMember: (channelId: string) => boolean,
  ): Promise<Record<string, ChannelCatchUp>> {
    const entries = await Promise.all(
      Object.entries(cursors).map(async ([channelId, afterSeq]): Promise<[string, ChannelCatchUp]> => {
        if (!isMember(channelId)) return [channelId, { error: 'not_a_member' }];
        try {
          const { items, truncated } = await collectMissed(
            (limit, cursor) => this.messaging.messagesAfter(identity, channelId, afterSeq, limit, cursor),
            this.config.SYNC_MAX_PER_CHANNEL,
          );
          return [channelId, { messages: items, truncated }];
        } catch (error) {
          if (error instanceof UpstreamError && (error.status === 403 || error.status === 404))
            return [channelId, { error: 'not_a_member' }];
          this.logger.warn({ err: error, channel_id: channelId }, 'sync could not read history');
          return [channelId, { error: 'unavailable' }];
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}
