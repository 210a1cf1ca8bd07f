import { AdminMessageParamsSchema, RemoveMessage, RemoveMessageSchema } from '@colink/contracts';
import { CurrentIdentity, Identity, Problems, Returns, Roles, ZodPipe } from '@colink/platform';
import { Body, Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ModerationService } from './moderation.service';

/** Message removal with a reason: moderators and admins. */
@Controller('api/v1/admin/messages')
@Roles('moderator')
export class MessageRemovalController {
  constructor(private readonly moderation: ModerationService) {}

  @Delete(':id')
  @HttpCode(204)
  @Returns(204, 'The message is a tombstone now; the removal is audited with the reason')
  @Problems(502, 503)
  remove(
    @CurrentIdentity() identity: Identity,
    @Param(new ZodPipe(AdminMessageParamsSchema, 'path')) params: { id: string },
    @Body(new ZodPipe(RemoveMessageSchema, 'removal')) body: RemoveMessage,
  ): Promise<void> {
    return this.moderation.removeMessage(identity, params.id, body.reason);
  }
}
