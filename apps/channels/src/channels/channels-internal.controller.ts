import { ChannelMemberParamsSchema } from '@colink/contracts';
import { Internal, ZodPipe } from '@colink/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { ChannelAccess, ChannelsService } from './channels.service';

type MemberParams = { id: string; user_id: string };

/** Asked by messaging when its projection has not seen a change yet: not part of the public surface. */
@Internal('messaging')
@Controller('internal/v1/channels')
export class ChannelsInternalController {
  constructor(private readonly channels: ChannelsService) {}

  @Get(':id/access/:user_id')
  access(
    @Param(new ZodPipe(ChannelMemberParamsSchema, 'path')) params: MemberParams,
  ): Promise<ChannelAccess> {
    return this.channels.access(params.id, params.user_id);
  }
}
