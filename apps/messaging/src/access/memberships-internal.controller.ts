import { ChannelTypeSchema, MemberRoleSchema } from '@colink/contracts';
import { Internal, ZodPipe } from '@colink/platform';
import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { z } from 'zod';
import { MessagesService } from '../messages/messages.service';

const MembershipNoticeSchema = z.strictObject({
  channel_id: z.uuid(),
  channel_type: ChannelTypeSchema,
  user_id: z.uuid(),
  role: MemberRoleSchema.nullable(),
  member_version: z.int().nonnegative(),
});
export type MembershipNotice = z.infer<typeof MembershipNoticeSchema>;

/**
 * Channels tells messaging of a removal before it answers the caller, so the removed member's next
 * post is refused at once; the event that follows changes nothing more. Not part of the public surface.
 */
@Internal('channels')
@Controller('internal/v1/memberships')
export class MembershipsInternalController {
  constructor(private readonly messages: MessagesService) {}

  @Put()
  @HttpCode(204)
  apply(@Body(new ZodPipe(MembershipNoticeSchema, 'membership')) notice: MembershipNotice): Promise<void> {
    return this.messages.applyMembership(notice);
  }
}
