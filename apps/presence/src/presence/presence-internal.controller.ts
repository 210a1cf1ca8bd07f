import { PresenceSignalSchema, PresenceView } from '@colink/contracts';
import { CurrentIdentity, Identity, Internal, ZodPipe } from '@colink/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { PresenceService } from './presence.service';

/** Called by ws-gateway for its sockets (service credential + user identity): not part of the public surface. */
@Internal('ws-gateway')
@Controller('internal/v1/presence')
export class PresenceInternalController {
  constructor(private readonly presence: PresenceService) {}

  @Post('heartbeat')
  @HttpCode(200)
  heartbeat(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(PresenceSignalSchema, 'heartbeat')) _body: object,
  ): Promise<PresenceView> {
    return this.presence.heartbeat(identity.sub);
  }

  /** The user's last socket closed: offline now, not at expiry. */
  @Post('disconnect')
  @HttpCode(200)
  disconnect(
    @CurrentIdentity() identity: Identity,
    @Body(new ZodPipe(PresenceSignalSchema, 'disconnect')) _body: object,
  ): Promise<PresenceView> {
    return this.presence.disconnect(identity.sub);
  }
}
