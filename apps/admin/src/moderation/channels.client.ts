import { Identity, IDENTITY_HEADER, signIdentity } from '@colink/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AdminErrorCode, adminError } from '../common/admin.errors';
import { AdminConfig } from '../config';
import { ADMIN_CONFIG } from '../identity/keycloak-admin.client';

/** Channels' public API, called with the moderator's own signed identity (channels decides). */
@Injectable()
export class ChannelsClient {
  private readonly logger = new Logger(ChannelsClient.name);

  constructor(@Inject(ADMIN_CONFIG) private readonly config: AdminConfig) {}

  /** Removes the user from the channel (a kick); their live rooms follow channels' member.removed. */
  async removeMember(identity: Identity, channelId: string, userId: string): Promise<void> {
    const url = `${this.config.CHANNELS_URL}/api/v1/channels/${channelId}/members/${userId}`;
    const response = await fetch(url, {
      method: 'DELETE',
      headers: { [IDENTITY_HEADER]: signIdentity(identity, this.config.INTERNAL_AUTH_SECRET) },
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => {
      this.logger.warn({ err: error, channelId }, 'channels unreachable');
      return null;
    });
    if (response?.ok) return;
    if (response && [403, 404].includes(response.status)) throw adminError(AdminErrorCode.KickRefused);
    throw adminError(AdminErrorCode.KickFailed);
  }
}
