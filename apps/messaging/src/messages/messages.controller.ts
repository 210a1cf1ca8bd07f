import {
  AnySocketEnvelope,
  ChangePageSchema,
  ChannelChangesParamsSchema,
  ChannelMessagesParamsSchema,
  ListChangesQuery,
  ListChangesQuerySchema,
  EditMessage,
  EditMessageSchema,
  ListEditsQuery,
  ListEditsQuerySchema,
  ListMessagesQuery,
  ListMessagesQuerySchema,
  ListRepliesQuery,
  ListRepliesQuerySchema,
  MessageEdit,
  MessageParamsSchema,
  MessageView,
  Page,
  PostMessage,
  PostMessageSchema,
  ReactionParamsSchema,
  MessageEditPageSchema,
  MessagePageSchema,
  MessageViewSchema,
} from '@colink/contracts';
import { CurrentIdentity, Identity, Problems, Returns, ZodPipe } from '@colink/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { MessagesService } from './messages.service';

type IdParams = { id: string };
type ReactionParams = { id: string; emoji: string };

@Controller('api/v1/channels/:id/messages')
export class ChannelMessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Problems(403, 409, 422)
  @Returns(201, 'The new message', MessageViewSchema)
  @Post()
  post(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelMessagesParamsSchema, 'path')) params: IdParams,
    @Body(new ZodPipe(PostMessageSchema, 'message')) body: PostMessage,
  ): Promise<MessageView> {
    return this.messages.post(identity, params.id, body);
  }

  @Problems(403)
  @Returns(200, 'A page of messages', MessagePageSchema)
  @Get()
  history(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelMessagesParamsSchema, 'path')) params: IdParams,
    @Query(new ZodPipe(ListMessagesQuerySchema, 'query')) query: ListMessagesQuery,
  ): Promise<Page<MessageView>> {
    return this.messages.history(identity, params.id, query);
  }
}

@Controller('api/v1/channels/:id/changes')
export class ChannelChangesController {
  constructor(private readonly messages: MessagesService) {}

  @Returns(200, "A page of the channel's changes in rev order", ChangePageSchema)
  // 403 not-a-member: a public channel the caller has not joined (a private one is 404).
  @Problems(403)
  @Get()
  changes(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelChangesParamsSchema, 'path')) params: IdParams,
    @Query(new ZodPipe(ListChangesQuerySchema, 'query')) query: ListChangesQuery,
  ): Promise<Page<AnySocketEnvelope>> {
    return this.messages.changes(identity, params.id, query);
  }
}

@Controller('api/v1/messages/:id')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Returns(200, 'The message', MessageViewSchema)
  @Get()
  get(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(MessageParamsSchema, 'path')) params: IdParams,
  ): Promise<MessageView> {
    return this.messages.get(identity, params.id);
  }

  @Problems(403, 409)
  @Returns(200, 'The edited message', MessageViewSchema)
  @Patch()
  edit(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(MessageParamsSchema, 'path')) params: IdParams,
    @Body(new ZodPipe(EditMessageSchema, 'edit')) body: EditMessage,
  ): Promise<MessageView> {
    return this.messages.edit(identity, params.id, body);
  }

  @Problems(403)
  @Delete()
  @HttpCode(204)
  remove(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(MessageParamsSchema, 'path')) params: IdParams,
  ): Promise<void> {
    return this.messages.remove(identity, params.id);
  }

  @Returns(200, 'A page of earlier versions', MessageEditPageSchema)
  @Get('edits')
  edits(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(MessageParamsSchema, 'path')) params: IdParams,
    @Query(new ZodPipe(ListEditsQuerySchema, 'query')) query: ListEditsQuery,
  ): Promise<Page<MessageEdit>> {
    return this.messages.edits(identity, params.id, query);
  }

  @Returns(200, 'A page of replies', MessagePageSchema)
  @Get('replies')
  replies(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(MessageParamsSchema, 'path')) params: IdParams,
    @Query(new ZodPipe(ListRepliesQuerySchema, 'query')) query: ListRepliesQuery,
  ): Promise<Page<MessageView>> {
    return this.messages.replies(identity, params.id, query);
  }

  @Problems(403, 409)
  @Returns(200, 'The message with its reactions', MessageViewSchema)
  @Put('reactions/:emoji')
  react(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ReactionParamsSchema, 'path')) params: ReactionParams,
  ): Promise<MessageView> {
    return this.messages.react(identity, params.id, params.emoji, true);
  }

  @Problems(403, 409)
  @Returns(200, 'The message with its reactions', MessageViewSchema)
  @Delete('reactions/:emoji')
  unreact(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ReactionParamsSchema, 'path')) params: ReactionParams,
  ): Promise<MessageView> {
    return this.messages.react(identity, params.id, params.emoji, false);
  }
}
