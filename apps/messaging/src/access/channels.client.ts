import { Identity, serviceRequest } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { MessagingConfig } from '../config';
import { ChannelType, MemberRole } from './access.repository';

export const MESSAGING_CONFIG = Symbol('MESSAGING_CONFIG');

/** What channels answers about one user's access to one channel (its internal access route). */
export interface ChannelAccess {
  channel: { id: string; type: ChannelType; archived_at: string | null } | null;
  role: MemberRole | null;
  member_version: number;
}

/** Asks the channels service, which owns channels and memberships, what messaging's projection has not seen yet. */
@Injectable()
export class ChannelsClient {
  constructor(@Inject(MESSAGING_CONFIG) private readonly config: MessagingConfig) {}

  /** Null when channels did not answer: the caller then decides from its projection alone. */
  async access(identity: Identity, channelId: string): Promise<ChannelAccess | null> {
    const response = await serviceRequest<ChannelAccess>(
      `${this.config.CHANNELS_URL}/internal/v1/channels/${channelId}/access/${identity.sub}`,
      { secret: this.config.INTERNAL_AUTH_SECRET, identity, service: { from: 'messaging', to: 'channels' } },
    );
    return response?.status === 200 ? response.body : null;
  }
}
