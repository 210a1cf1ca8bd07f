import {
  CreateModerationAction,
  CreateModerationActionSchema,
  ListModerationActionsQuery,
  ListModerationActionsQuerySchema,
  ModerationActionPageSchema,
  ModerationActionView,
  ModerationActionViewSchema,
  Page,
} from '@colink/contracts';
import { CurrentIdentity, Identity, Problems, Returns, Roles, ZodPipe } from '@colink/platform';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ModerationService } from './moderation.service';

/** Moderation actions: moderators and admins. */
@Controller('api/v1/admin/moderation/actions')
@Roles('moderator')
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Post()
  @Returns(201, 'The action as recorded (its effect applied)', ModerationActionViewSchema)
  @Problems(404, 422, 502, 503)
  act(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(CreateModerationActionSchema, 'moderation action')) body: CreateModerationAction,
  ): Promise<ModerationActionView> {
    return this.moderation.act(identity, body);
  }

  @Get()
  @Returns(200, 'A page of moderation actions, newest first', ModerationActionPageSchema)
  list(
    @Query(new ZodPipe(ListModerationActionsQuerySchema, 'query')) query: ListModerationActionsQuery,
  ): Promise<Page<ModerationActionView>> {
    return this.moderation.list(query);
  }
}
