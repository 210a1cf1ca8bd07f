import { Envelope, Topics } from '@colink/contracts';
import { HandlerContext } from '@colink/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ExportService } from './export.service';

type E<T extends Envelope['type']> = Envelope<T>;

/** One handler per exported topic; each hands its validated event and its offset to the exporter. */
@Controller()
export class FeedEventsConsumer {
  constructor(private readonly exports: ExportService) {}

  @EventPattern(Topics.MessageCreated)
  async messageCreated(@Payload() event: E<'message.created'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.MessageUpdated)
  async messageUpdated(@Payload() event: E<'message.updated'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.MessageDeleted)
  async messageDeleted(@Payload() event: E<'message.deleted'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.ReactionAdded)
  async reactionAdded(@Payload() event: E<'reaction.added'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.ReactionRemoved)
  async reactionRemoved(@Payload() event: E<'reaction.removed'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.ChannelCreated)
  async channelCreated(@Payload() event: E<'channel.created'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.ChannelUpdated)
  async channelUpdated(@Payload() event: E<'channel.updated'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.ChannelMemberAdded)
  async memberAdded(@Payload() event: E<'channel.member_added'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.ChannelMemberRemoved)
  async memberRemoved(
    @Payload() event: E<'channel.member_removed'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.UserCreated)
  async userCreated(@Payload() event: E<'user.created'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.UserUpdated)
  async userUpdated(@Payload() event: E<'user.updated'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.FileUploaded)
  async fileUploaded(@Payload() event: E<'file.uploaded'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.FileScanned)
  async fileScanned(@Payload() event: E<'file.scanned'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.exports.accept(event, ctx);
  }

  @EventPattern(Topics.ModerationAction)
  async moderationAction(
    @Payload() event: E<'moderation.action'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.exports.accept(event, ctx);
  }
}
