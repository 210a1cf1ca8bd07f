import { Envelope, Topic, Topics } from '@colink/contracts';
import { HandlerContext } from '@colink/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { BulkIndexer } from './bulk-indexer';
import {
  IndexAction,
  channelAction,
  fileScannedAction,
  fileUploadedAction,
  memberAction,
  messageAction,
  messageDeletedAction,
  userAction,
} from './documents';

/** Every topic the search service indexes. */
export const INDEXED_TOPICS = [
  Topics.MessageCreated,
  Topics.MessageUpdated,
  Topics.MessageDeleted,
  Topics.ChannelCreated,
  Topics.ChannelUpdated,
  Topics.ChannelMemberAdded,
  Topics.ChannelMemberRemoved,
  Topics.UserCreated,
  Topics.UserUpdated,
  Topics.FileUploaded,
  Topics.FileScanned,
] as const satisfies readonly Topic[];

/**
 * Turns events into index actions and hands them to the bulk indexer, which acknowledges each event
 * once its documents are written. No dedupe store: every write is idempotent by its version.
 */
@Controller()
export class SearchEventsConsumer {
  constructor(private readonly indexer: BulkIndexer) {}

  private buffer(
    event: Envelope,
    ctx: HandlerContext,
    actions: IndexAction[],
    urgent = false,
  ): Promise<void> {
    return this.indexer.add(
      actions,
      event.occurred_at,
      { source: `${event.type}:${ctx.partition}`, commit: ctx.commit, heartbeat: ctx.heartbeat },
      urgent,
    );
  }

  @EventPattern(Topics.MessageCreated)
  async messageCreated(
    @Payload() event: Envelope<'message.created'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.buffer(event, ctx, [messageAction(event)]);
  }

  @EventPattern(Topics.MessageUpdated)
  async messageUpdated(
    @Payload() event: Envelope<'message.updated'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.buffer(event, ctx, [messageAction(event)]);
  }

  @EventPattern(Topics.MessageDeleted)
  async messageDeleted(
    @Payload() event: Envelope<'message.deleted'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.buffer(event, ctx, [messageDeletedAction(event)]);
  }

  @EventPattern(Topics.ChannelCreated)
  async channelCreated(
    @Payload() event: Envelope<'channel.created'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.buffer(event, ctx, [channelAction(event)]);
  }

  @EventPattern(Topics.ChannelUpdated)
  async channelUpdated(
    @Payload() event: Envelope<'channel.updated'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    // A channel made private, or archived, narrows who may read it: written at once.
    await this.buffer(event, ctx, [channelAction(event)], true);
  }

  @EventPattern(Topics.ChannelMemberAdded)
  async memberAdded(
    @Payload() event: Envelope<'channel.member_added'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.buffer(event, ctx, memberAction(event));
  }

  @EventPattern(Topics.ChannelMemberRemoved)
  async memberRemoved(
    @Payload() event: Envelope<'channel.member_removed'>,
    @Ctx() ctx: HandlerContext,
  ): Promise<void> {
    await this.buffer(event, ctx, memberAction(event), true);
  }

  @EventPattern(Topics.UserCreated)
  async userCreated(@Payload() event: Envelope<'user.created'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [userAction(event)]);
  }

  @EventPattern(Topics.UserUpdated)
  async userUpdated(@Payload() event: Envelope<'user.updated'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [userAction(event)]);
  }

  @EventPattern(Topics.FileUploaded)
  async fileUploaded(@Payload() event: Envelope<'file.uploaded'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [fileUploadedAction(event)]);
  }

  @EventPattern(Topics.FileScanned)
  async fileScanned(@Payload() event: Envelope<'file.scanned'>, @Ctx() ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [fileScannedAction(event)]);
  }
}
