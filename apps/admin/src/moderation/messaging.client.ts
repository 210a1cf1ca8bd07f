import { Identity, IDENTITY_HEADER, signIdentity } from '@colink/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AdminErrorCode, adminError } from '../common/admin.errors';
import { AdminConfig } from '../config';
import { ADMIN_CONFIG } from '../identity/keycloak-admin.client';

/** Messaging's public API, called with the moderator's own signed identity (messaging decides). */
@Injectable()
export class MessagingClient {
  private readonly logger = new Logger(MessagingClient.name);

  constructor(@Inject(ADMIN_CONFIG) private readonly config: AdminConfig) {}

  /** Tombstones the message (messaging emits message.deleted). */
  async removeMessage(identity: Identity, messageId: string): Promise<void> {
    const response = await fetch(`${this.config.MESSAGING_URL}/api/v1/messages/${messageId}`, {
      method: 'DELETE',
      headers: { [IDENTITY_HEADER]: signIdentity(identity, this.config.INTERNAL_AUTH_SECRET) },
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => {
      this.logger.warn({ err: error, messageId }, 'messaging unreachable');
      return null;
    });
    if (response?.ok) return;
    if (response && [403, 404].includes(response.status)) throw adminError(AdminErrorCode.MessageNotFound);
    throw adminError(AdminErrorCode.RemoveFailed);
  }
}
