import { Identity } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { ChannelsClient } from './channels.client';
import { WS_CONFIG, channelRoom, userRoom } from './realtime.tokens';

const MAX_CACHED = 10_000;

/**
 * Who hears a user's `presence.updated`: their own sockets and every socket in a channel they belong
 * to. The channels come from the user's sockets on this instance when it has some, else from the
 * channels service (a user who went offline has no socket anywhere), remembered briefly.
 */
@Injectable()
export class PresenceAudience {
  private readonly cache = new Map<string, { rooms: string[]; until: number }>();

  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly channels: ChannelsClient,
  ) {}

  async roomsOf(userId: string, localChannelRooms: string[]): Promise<string[]> {
    if (localChannelRooms.length > 0) {
      this.remember(userId, localChannelRooms);
      return [userRoom(userId), ...localChannelRooms];
    }
    const cached = this.cache.get(userId);
    if (cached && cached.until > Date.now()) return [userRoom(userId), ...cached.rooms];
    const identity: Identity = { sub: userId, username: userId, email: null, name: null, roles: ['member'] };
    const rooms = (await this.channels.joinedChannelIds(identity)).map(channelRoom);
    this.remember(userId, rooms);
    return [userRoom(userId), ...rooms];
  }

  /** A membership change makes what was remembered of the user's channels stale. */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private remember(userId: string, rooms: string[]): void {
    if (this.config.PRESENCE_FANOUT_CACHE_S === 0) return;
    this.cache.delete(userId);
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(userId, { rooms, until: Date.now() + this.config.PRESENCE_FANOUT_CACHE_S * 1000 });
  }
}
