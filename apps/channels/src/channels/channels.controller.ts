import {
  AddMember,
  AddMemberSchema,
  ChannelMemberParamsSchema,
  ChannelMemberView,
  ChannelParamsSchema,
  ChannelView,
  CreateChannel,
  CreateChannelSchema,
  CreateDm,
  CreateDmSchema,
  ListChannelsQuery,
  ListChannelsQuerySchema,
  ListMembersQuery,
  ListMembersQuerySchema,
  MarkRead,
  MarkReadSchema,
  Page,
  ReadState,
  UpdateChannel,
  UpdateChannelSchema,
  ChannelMemberPageSchema,
  ChannelMemberViewSchema,
  ChannelPageSchema,
  ChannelViewSchema,
  ReadStateSchema,
} from '@colink/contracts';
import { CurrentIdentity, Identity, Problems, Returns, ZodPipe } from '@colink/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ChannelsService } from './channels.service';

type ChannelParams = { id: string };
type MemberParams = { id: string; user_id: string };

@Controller('api/v1/channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Problems(409)
  @Returns(201, 'The new channel', ChannelViewSchema)
  @Post()
  create(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(CreateChannelSchema, 'channel')) body: CreateChannel,
  ): Promise<ChannelView> {
    return this.channels.create(identity, body);
  }

  @Returns(200, 'A page of channels', ChannelPageSchema)
  @Get()
  list(
    @CurrentIdentity() identity: Identity,
    @Query(new ZodPipe(ListChannelsQuerySchema, 'query')) query: ListChannelsQuery,
  ): Promise<Page<ChannelView>> {
    return this.channels.list(identity, query);
  }

  @Returns(200, 'The channel', ChannelViewSchema)
  @Get(':id')
  get(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelParamsSchema, 'path')) params: ChannelParams,
  ): Promise<ChannelView> {
    return this.channels.get(identity, params.id);
  }

  @Problems(403, 409)
  @Returns(200, 'The updated channel', ChannelViewSchema)
  @Patch(':id')
  update(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelParamsSchema, 'path')) params: ChannelParams,
    @Body(new ZodPipe(UpdateChannelSchema, 'channel update')) body: UpdateChannel,
  ): Promise<ChannelView> {
    return this.channels.update(identity, params.id, body);
  }

  @Problems(403, 409)
  @Returns(200, 'The archived channel', ChannelViewSchema)
  @Delete(':id')
  archive(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelParamsSchema, 'path')) params: ChannelParams,
  ): Promise<ChannelView> {
    return this.channels.archive(identity, params.id);
  }

  @Problems(409)
  @Returns(200, 'The channel, joined', ChannelViewSchema)
  @Post(':id/join')
  @HttpCode(200)
  join(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelParamsSchema, 'path')) params: ChannelParams,
  ): Promise<ChannelView> {
    return this.channels.join(identity, params.id);
  }

  @Problems(409)
  @Post(':id/leave')
  @HttpCode(204)
  leave(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelParamsSchema, 'path')) params: ChannelParams,
  ): Promise<void> {
    return this.channels.leave(identity, params.id);
  }

  @Problems(403)
  @Returns(200, 'A page of members', ChannelMemberPageSchema)
  @Get(':id/members')
  members(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelParamsSchema, 'path')) params: ChannelParams,
    @Query(new ZodPipe(ListMembersQuerySchema, 'query')) query: ListMembersQuery,
  ): Promise<Page<ChannelMemberView>> {
    return this.channels.members(identity, params.id, query);
  }

  /** 201 with the new member; 200 when they were a member already (their role changed or not). */
  @Returns(200, 'The member, who was a member already', ChannelMemberViewSchema)
  @Problems(403, 409, 422)
  @Returns(201, 'The new member', ChannelMemberViewSchema)
  @Post(':id/members')
  async addMember(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelParamsSchema, 'path')) params: ChannelParams,
    @Body(new ZodPipe(AddMemberSchema, 'member')) body: AddMember,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChannelMemberView> {
    const { member, created } = await this.channels.addMember(identity, params.id, body);
    res.status(created ? 201 : 200);
    return member;
  }

  @Problems(403, 409)
  @Delete(':id/members/:user_id')
  @HttpCode(204)
  removeMember(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelMemberParamsSchema, 'path')) params: MemberParams,
  ): Promise<void> {
    return this.channels.removeMember(identity, params.id, params.user_id);
  }

  @Problems(403)
  @Returns(200, 'The read state', ReadStateSchema)
  @Post(':id/read')
  @HttpCode(200)
  markRead(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(ChannelParamsSchema, 'path')) params: ChannelParams,
    @Body(new ZodPipe(MarkReadSchema, 'read marker')) body: MarkRead,
  ): Promise<ReadState> {
    return this.channels.markRead(identity, params.id, body.last_read_seq);
  }
}

@Controller('api/v1/dms')
export class DmsController {
  constructor(private readonly channels: ChannelsService) {}

  /** 201 with a new DM; 200 with the existing DM of exactly these people. */
  @Returns(200, 'The existing DM of exactly these people', ChannelViewSchema)
  @Problems(422)
  @Returns(201, 'The new DM', ChannelViewSchema)
  @Post()
  async open(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(CreateDmSchema, 'dm')) body: CreateDm,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChannelView> {
    const { channel, created } = await this.channels.openDm(identity, body);
    res.status(created ? 201 : 200);
    return channel;
  }
}
