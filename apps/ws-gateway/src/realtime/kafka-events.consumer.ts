import { AnySocketEnvelope, Envelope, Topics } from '@colink/contracts';
import { HandlerContext, OnTopic } from '@colink/platform';
import { Injectable, Logger } from '@nestjs/common';
import { PresenceAudience } from './presence-audience';
import { SocketRooms } from './socket-rooms';
import { userRoom } from './realtime.tokens';
import { ForwardedTopic, toSocketEnvelope } from './socket-envelope';

/**
 * The topics sockets hear about, forwarded to the channel's room; membership events move rooms too.
 * `presence.updated` goes to the user's own room and the rooms of every channel they belong to.
 */
export const FORWARDED_TOPICS = [
  Topics.MessageCreated,
  Topics.MessageUpdated,
  Topics.MessageDeleted,
  Topics.ReactionAdded,
  Topics.ReactionRemoved,
  Topics.ChannelUpdated,
  Topics.ChannelMemberAdded,
  Topics.ChannelMemberRemoved,
  Topics.PresenceUpdated,
] as const satisfies readonly ForwardedTopic[];

@Injectable()
export class KafkaEventsConsumer {
  private readonly logger = new Logger(KafkaEventsConsumer.name);

  constructor(
    private readonly rooms: SocketRooms,
    private readonly audience: PresenceAudience,
  ) {}

  @OnTopic(Topics.MessageCreated)
  async messageCreated(event: Envelope<typeof Topics.MessageCreated>, _ctx: HandlerContext): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @OnTopic(Topics.MessageUpdated)
  async messageUpdated(event: Envelope<typeof Topics.MessageUpdated>, _ctx: HandlerContext): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @OnTopic(Topics.MessageDeleted)
  async messageDeleted(event: Envelope<typeof Topics.MessageDeleted>, _ctx: HandlerContext): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @OnTopic(Topics.ReactionAdded)
  async reactionAdded(event: Envelope<typeof Topics.ReactionAdded>, _ctx: HandlerContext): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @OnTopic(Topics.ReactionRemoved)
  async reactionRemoved(event: Envelope<typeof Topics.ReactionRemoved>, _ctx: HandlerContext): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @OnTopic(Topics.ChannelUpdated)
  async channelUpdated(event: Envelope<typeof Topics.ChannelUpdated>, _ctx: HandlerContext): Promise<void> {
    this.forward(event.data.id, toSocketEnvelope(event));
  }

  /** The new member's sockets join first, so they hear of their own arrival. */
  @OnTopic(Topics.ChannelMemberAdded)
  async memberAdded(event: Envelope<typeof Topics.ChannelMemberAdded>, _ctx: HandlerContext): Promise<void> {
    this.rooms.follow(event.data.user_id, event.data.channel_id, true);
    this.audience.forget(event.data.user_id);
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  /** The leaving member hears of it, then their sockets leave the room. */
  @OnTopic(Topics.ChannelMemberRemoved)
  async memberRemoved(
    event: Envelope<typeof Topics.ChannelMemberRemoved>,
    _ctx: HandlerContext,
  ): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
    this.rooms.follow(event.data.user_id, event.data.channel_id, false);
    this.audience.forget(event.data.user_id);
  }

  @OnTopic(Topics.PresenceUpdated)
  async presenceUpdated(event: Envelope<typeof Topics.PresenceUpdated>, _ctx: HandlerContext): Promise<void> {
    const userId = event.data.user_id;
    const local = await this.rooms.localChannelRooms(userId);
    let rooms: string[];
    try {
      rooms = await this.audience.roomsOf(userId, local);
    } catch (error) {
      // Presence is ephemeral: rather than hold up the partition, tell who this instance can name.
      this.logger.warn(
        { err: error, user_id: userId },
        'channels of the user unknown; presence sent to its room',
      );
      rooms = [userRoom(userId)];
    }
    this.rooms.emitToRooms(rooms, toSocketEnvelope(event));
  }

  private forward(channelId: string, envelope: AnySocketEnvelope): void {
    this.rooms.emitToChannel(channelId, envelope);
  }
}
