import {
  CreateModerationAction,
  CreateModerationActionSchema,
  ListModerationActionsQuery,
  ListModerationActionsQuerySchema,
  ModerationActionView,
  Page,
} from '@colink/contracts';
import { CurrentIdentity, Identity, Roles, ZodPipe } from '@colink/platform';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ModerationService } from './moderation.service';

/** Moderation actions: moderators and admins. */
@Controller('api/v1/admin/moderation/actions')
@Roles('moderator')
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Post()
  act(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(CreateModerationActionSchema, 'moderation action')) body: CreateModerationAction,
  ): Promise<ModerationActionView> {
    return this.moderation.act(identity, body);
  }

  @Get()
  list(
    @Query(new ZodPipe(ListModerationActionsQuerySchema, 'query')) query: ListModerationActionsQuery,
  ): Promise<Page<ModerationActionView>> {
    return this.moderation.list(query);
  }
}
