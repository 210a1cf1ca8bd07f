import { Envelope, Topics } from '@colink/contracts';
import { HandlerContext, OnTopic } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { ExportService } from './export.service';

type E<T extends Envelope['type']> = Envelope<T>;

/** One handler per exported topic; each hands its validated event and its offset to the exporter. */
@Injectable()
export class FeedEventsConsumer {
  constructor(private readonly exports: ExportService) {}

  @OnTopic(Topics.MessageCreated)
  async messageCreated(event: E<'message.created'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.MessageUpdated)
  async messageUpdated(event: E<'message.updated'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.MessageDeleted)
  async messageDeleted(event: E<'message.deleted'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.ReactionAdded)
  async reactionAdded(event: E<'reaction.added'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.ReactionRemoved)
  async reactionRemoved(event: E<'reaction.removed'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.ChannelCreated)
  async channelCreated(event: E<'channel.created'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.ChannelUpdated)
  async channelUpdated(event: E<'channel.updated'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.ChannelMemberAdded)
  async memberAdded(event: E<'channel.member_added'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.ChannelMemberRemoved)
  async memberRemoved(event: E<'channel.member_removed'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.UserCreated)
  async userCreated(event: E<'user.created'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.UserUpdated)
  async userUpdated(event: E<'user.updated'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.FileUploaded)
  async fileUploaded(event: E<'file.uploaded'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.FileScanned)
  async fileScanned(event: E<'file.scanned'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @OnTopic(Topics.ModerationAction)
  async moderationAction(event: E<'moderation.action'>, ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }
}
