import { AnySocketEnvelope, Envelope, ForwardedTopic, Topics, toSocketEnvelope } from '@colink/contracts';
import { HandlerContext } from '@colink/platform';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PresenceAudience } from './presence-audience';
import { SessionRevocations } from './session-revocations';
import { SocketRooms } from './socket-rooms';
import { userRoom } from './realtime.tokens';

/**
 * The topics sockets hear about (messages, reactions, channel changes, file scan verdicts), forwarded
 * to the channel's room; membership events move rooms too. `moderation.action` goes to its target's room.
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
  Topics.FileScanned,
  Topics.ModerationAction,
] as const satisfies readonly ForwardedTopic[];

@Controller()
export class KafkaEventsConsumer {
  private readonly logger = new Logger(KafkaEventsConsumer.name);

  constructor(
    private readonly rooms: SocketRooms,
    private readonly audience: PresenceAudience,
    private readonly revocations: SessionRevocations,
  ) {}

  @EventPattern(Topics.MessageCreated)
  async messageCreated(
    @Payload() event: Envelope<typeof Topics.MessageCreated>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @EventPattern(Topics.MessageUpdated)
  async messageUpdated(
    @Payload() event: Envelope<typeof Topics.MessageUpdated>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @EventPattern(Topics.MessageDeleted)
  async messageDeleted(
    @Payload() event: Envelope<typeof Topics.MessageDeleted>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @EventPattern(Topics.ReactionAdded)
  async reactionAdded(
    @Payload() event: Envelope<typeof Topics.ReactionAdded>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @EventPattern(Topics.ReactionRemoved)
  async reactionRemoved(
    @Payload() event: Envelope<typeof Topics.ReactionRemoved>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  /** A file's scan verdict reaches its channel, so the person waiting on "scanning" sees the result. */
  @EventPattern(Topics.FileScanned)
  async fileScanned(
    @Payload() event: Envelope<typeof Topics.FileScanned>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  @EventPattern(Topics.ChannelUpdated)
  async channelUpdated(
    @Payload() event: Envelope<typeof Topics.ChannelUpdated>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    this.forward(event.data.id, toSocketEnvelope(event));
  }

  /** The new member's sockets join first, so they hear of their own arrival. */
  @EventPattern(Topics.ChannelMemberAdded)
  async memberAdded(
    @Payload() event: Envelope<typeof Topics.ChannelMemberAdded>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    this.rooms.follow(event.data.user_id, event.data.channel_id, true);
    this.audience.forget(event.data.user_id);
    this.forward(event.data.channel_id, toSocketEnvelope(event));
  }

  /** The leaving member hears of it, then their sockets leave the room. */
  @EventPattern(Topics.ChannelMemberRemoved)
  async memberRemoved(
    @Payload() event: Envelope<typeof Topics.ChannelMemberRemoved>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    this.forward(event.data.channel_id, toSocketEnvelope(event));
    this.rooms.follow(event.data.user_id, event.data.channel_id, false);
    this.audience.forget(event.data.user_id);
  }

  /**
   * A moderation action reaches its target's own sockets. A ban also ends the target's sessions:
   * revoked in Redis first (no instance accepts their current tokens again), then this instance's
   * sockets hear `session.ended {reason: 'banned'}` and are disconnected (every instance does the same
   * for its own).
   */
  @EventPattern(Topics.ModerationAction)
  async moderationAction(
    @Payload() event: Envelope<typeof Topics.ModerationAction>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
    const target = event.data.target_user_id;
    this.rooms.emitToRooms([userRoom(target)], toSocketEnvelope(event));
    if (event.data.action !== 'ban') return;
    await this.revocations.revoke(target, 'banned');
    const ended = await this.rooms.endSessions(target, 'banned', 'A moderator banned you.');
    this.logger.log({ user_id: target, sockets: ended }, 'banned user; sockets ended');
  }

  @EventPattern(Topics.PresenceUpdated)
  async presenceUpdated(
    @Payload() event: Envelope<typeof Topics.PresenceUpdated>,
    @Ctx() _ctx: HandlerContext,
  ): Promise<void> {
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
