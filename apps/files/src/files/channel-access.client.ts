import { ChannelView } from '@colink/contracts';
import { IDENTITY_HEADER, Identity, signIdentity } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { FilesConfig } from '../config';
import { FilesErrorCode, filesError } from './files.errors';
import { FILES_CONFIG } from './files.tokens';

export type ChannelAccess =
  { visible: false } | { visible: true; member: boolean; archived: boolean; type: ChannelView['type'] };

/**
 * Asks the channels service, the owner of membership, what the caller may do in a channel. Asking
 * the owner (not a projection) means a member added a moment ago can share at once, and a member
 * removed a moment ago cannot.
 */
@Injectable()
export class ChannelAccessClient {
  constructor(@Inject(FILES_CONFIG) private readonly config: FilesConfig) {}

  async of(identity: Identity, channelId: string): Promise<ChannelAccess> {
    let response: Response;
    try {
      response = await fetch(new URL(`/api/v1/channels/${channelId}`, this.config.CHANNELS_URL), {
        headers: {
          [IDENTITY_HEADER]: signIdentity(identity, this.config.INTERNAL_AUTH_SECRET),
          accept: 'application/json',
        },
        signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
      });
    } catch {
      throw filesError(FilesErrorCode.ChannelsUnavailable);
    }
    if (response.status === 404) return { visible: false };
    if (!response.ok) throw filesError(FilesErrorCode.ChannelsUnavailable);
    const channel = (await response.json()) as ChannelView;
    return {
      visible: true,
      member: channel.is_member,
      archived: channel.archived_at !== null,
      type: channel.type,
    };
  }
}
