import { UserProfile } from '@colink/contracts';
import { Identity, serviceRequest } from '@colink/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ChannelsConfig } from '../config';
import { ChannelType, MemberRole } from '../common/types';

export const CHANNELS_CONFIG = Symbol('CHANNELS_CONFIG');

/** A membership as channels tells messaging of it: `role` null when the user is no longer a member. */
export interface MembershipNotice {
  channel_id: string;
  channel_type: ChannelType;
  user_id: string;
  role: MemberRole | null;
  member_version: number;
}

/**
 * The calls channels makes to its peers so that a write it confirmed is never contradicted by their
 * lagging projections: it asks users about a user it has not heard of, and tells messaging of a
 * removal before answering it.
 */
@Injectable()
export class PeersClient {
  private readonly logger = new Logger(PeersClient.name);

  constructor(@Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig) {}

  /** The user's profile if the users service knows them, null if not (or if it did not answer). */
  async user(identity: Identity, userId: string): Promise<UserProfile | null> {
    const response = await serviceRequest<UserProfile>(`${this.config.USERS_URL}/api/v1/users/${userId}`, {
      secret: this.config.INTERNAL_AUTH_SECRET,
      identity,
    });
    return response?.status === 200 ? response.body : null;
  }

  async tellMessaging(identity: Identity, notice: MembershipNotice): Promise<void> {
    const response = await serviceRequest(`${this.config.MESSAGING_URL}/internal/v1/memberships`, {
      secret: this.config.INTERNAL_AUTH_SECRET,
      identity,
      service: { from: 'channels', to: 'messaging' },
      method: 'PUT',
      body: notice,
    });
    if (response?.status !== 204)
      this.logger.warn(
        { channel_id: notice.channel_id, status: response?.status ?? null },
        'messaging did not take the membership change: it follows from the event',
      );
  }
}
