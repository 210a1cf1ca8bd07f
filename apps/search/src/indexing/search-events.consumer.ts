import { Envelope, Topic, Topics } from '@colink/contracts';
import { HandlerContext, OnTopic } from '@colink/platform';
import { Injectable } from '@nestjs/common';
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
@Injectable()
export class SearchEventsConsumer {
  constructor(private readonly indexer: BulkIndexer) {}

  private buffer(event: Envelope, ctx: HandlerContext, actions: IndexAction[]): Promise<void> {
    return this.indexer.add(actions, event.occurred_at, {
      source: `${event.type}:${ctx.partition}`,
      commit: ctx.commit,
      heartbeat: ctx.heartbeat,
    });
  }

  @OnTopic(Topics.MessageCreated)
  async messageCreated(event: Envelope<'message.created'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [messageAction(event)]);
  }

  @OnTopic(Topics.MessageUpdated)
  async messageUpdated(event: Envelope<'message.updated'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [messageAction(event)]);
  }

  @OnTopic(Topics.MessageDeleted)
  async messageDeleted(event: Envelope<'message.deleted'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [messageDeletedAction(event)]);
  }

  @OnTopic(Topics.ChannelCreated)
  async channelCreated(event: Envelope<'channel.created'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [channelAction(event)]);
  }

  @OnTopic(Topics.ChannelUpdated)
  async channelUpdated(event: Envelope<'channel.updated'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [channelAction(event)]);
  }

  @OnTopic(Topics.ChannelMemberAdded)
  async memberAdded(event: Envelope<'channel.member_added'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, memberAction(event));
  }

  @OnTopic(Topics.ChannelMemberRemoved)
  async memberRemoved(event: Envelope<'channel.member_removed'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, memberAction(event));
  }

  @OnTopic(Topics.UserCreated)
  async userCreated(event: Envelope<'user.created'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [userAction(event)]);
  }

  @OnTopic(Topics.UserUpdated)
  async userUpdated(event: Envelope<'user.updated'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [userAction(event)]);
  }

  @OnTopic(Topics.FileUploaded)
  async fileUploaded(event: Envelope<'file.uploaded'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [fileUploadedAction(event)]);
  }

  @OnTopic(Topics.FileScanned)
  async fileScanned(event: Envelope<'file.scanned'>, ctx: HandlerContext): Promise<void> {
    await this.buffer(event, ctx, [fileScannedAction(event)]);
  }
}
