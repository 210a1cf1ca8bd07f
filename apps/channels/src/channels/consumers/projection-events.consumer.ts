import { Envelope, Topics } from '@colink/contracts';
import { HandlerContext, OnTopic } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { ChannelsRepository } from '../channels.repository';

/**
 * What channels learns from other services: messages (for last_seq, unread and mention counts) and
 * users (who may be added to a channel or a DM). Effects share the dedupe mark's transaction.
 */
@Injectable()
export class ProjectionEventsConsumer {
  constructor(private readonly repo: ChannelsRepository) {}

  @OnTopic(Topics.MessageCreated)
  async onMessageCreated(event: Envelope<'message.created'>, { tx }: HandlerContext): Promise<void> {
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

  @OnTopic(Topics.MessageUpdated)
  async onMessageUpdated(event: Envelope<'message.updated'>, { tx }: HandlerContext): Promise<void> {
    const message = event.data;
    if (message.deleted_at) return this.repo.deleteMark(tx, message.id);
    await this.repo.updateMarkMentions(
      tx,
      message.id,
      message.mentions,
      Boolean(message.mentions_channel || message.mentions_here),
    );
  }

  @OnTopic(Topics.MessageDeleted)
  async onMessageDeleted(event: Envelope<'message.deleted'>, { tx }: HandlerContext): Promise<void> {
    await this.repo.deleteMark(tx, event.data.id);
  }

  @OnTopic(Topics.UserCreated)
  async onUserCreated(event: Envelope<'user.created'>, { tx }: HandlerContext): Promise<void> {
    await this.repo.rememberUser(event.data.id, event.data.username, tx);
  }

  @OnTopic(Topics.UserUpdated)
  async onUserUpdated(event: Envelope<'user.updated'>, { tx }: HandlerContext): Promise<void> {
    await this.repo.rememberUser(event.data.id, event.data.username, tx);
  }
}
