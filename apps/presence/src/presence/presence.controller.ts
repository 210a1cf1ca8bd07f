import {
  PresenceListSchema,
  PresenceQuery,
  PresenceQuerySchema,
  PresenceView,
  PresenceViewSchema,
  SetPresence,
  SetPresenceSchema,
} from '@colink/contracts';
import { CurrentIdentity, Identity, Returns, ZodPipe } from '@colink/platform';
import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { PresenceService } from './presence.service';

@Controller('api/v1/presence')
export class PresenceController {
  constructor(private readonly presence: PresenceService) {}

  @Put('me')
  @Returns(200, "The caller's effective presence", PresenceViewSchema)
  setMine(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(SetPresenceSchema, 'presence')) body: SetPresence,
  ): Promise<PresenceView> {
    return this.presence.setStatus(identity.sub, body.status);
  }

  @Get()
  @Returns(200, 'The effective presence of each user asked about', PresenceListSchema)
  list(@Query(new ZodPipe(PresenceQuerySchema, 'query')) query: PresenceQuery): Promise<PresenceView[]> {
    return this.presence.list(query.user_ids);
  }
}
