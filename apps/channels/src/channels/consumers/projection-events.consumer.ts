import { Envelope, Topics } from '@colink/contracts';
import { HandlerContext } from '@colink/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ChannelsRepository } from '../channels.repository';

/**
 * What channels learns from other services: messages (for last_seq, unread and mention counts) and
 * users (who may be added to a channel or a DM). Effects share the dedupe mark's transaction.
 */
@Controller()
export class ProjectionEventsConsumer {
  constructor(private readonly repo: ChannelsRepository) {}

  @EventPattern(Topics.MessageCreated)
  async onMessageCreated(
    @Payload() event: Envelope<'message.created'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    const message = event.data;
    await this.repo.addMark(tx, {
      channelId: message.channel_id,
      seq: message.seq,
      messageId: message.id,
      userId: message.user_id,
      inHistory: message.thread_root_id === null || message.also_send_to_channel,
      mentions: message.mentions,
      mentionsAll: Boolean(message.mentions_channel || message.mentions_here),
    });
  }

  @EventPattern(Topics.MessageUpdated)
  async onMessageUpdated(
    @Payload() event: Envelope<'message.updated'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    const message = event.data;
    if (message.deleted_at) return this.repo.deleteMark(tx, message.id);
    await this.repo.updateMarkMentions(
      tx,
      message.id,
      message.mentions,
      Boolean(message.mentions_channel || message.mentions_here),
    );
  }

  @EventPattern(Topics.MessageDeleted)
  async onMessageDeleted(
    @Payload() event: Envelope<'message.deleted'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    await this.repo.deleteMark(tx, event.data.id);
  }

  @EventPattern(Topics.UserCreated)
  async onUserCreated(
    @Payload() event: Envelope<'user.created'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    await this.repo.rememberUser(event.data.id, event.data.username, tx);
  }

  @EventPattern(Topics.UserUpdated)
  async onUserUpdated(
    @Payload() event: Envelope<'user.updated'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    await this.repo.rememberUser(event.data.id, event.data.username, tx);
  }
}
