import { Identity } from '@colink/platform';
import { ChannelsClient } from './channels.client';
import { MembershipRepository } from './membership.repository';

/** The most channels named in one search that are checked one by one with the channels service. */
const MAX_CHECKS = 10;

/**
 * Which channels a caller may read: the projection's memberships plus public channels, and for a
 * read-your-writes miss (a channel asked for that the projection does not list yet, or a caller the
 * projection knows nothing about) the channels service's own answer.
 */
export class MembershipService {
  constructor(
    private readonly repository: MembershipRepository,
    private readonly channels: ChannelsClient,
  ) {}

  async readableChannels(identity: Identity, wanted: string[] = []): Promise<string[]> {
    const [members, publics] = await Promise.all([
      this.repository.memberChannelIds(identity.sub),
      this.repository.publicChannelIds(),
    ]);
    const readable = new Set([...members, ...publics]);
    if (members.length === 0)
      for (const channel of await this.channels.joined(identity)) readable.add(channel.id);
    const misses = wanted.filter((id) => !readable.has(id)).slice(0, MAX_CHECKS);
    const answers = await Promise.all(misses.map((id) => this.channels.canRead(identity, id)));
    misses.forEach((id, i) => answers[i] && readable.add(id));
    return [...readable];
  }

  /** Channel ids by name; names the projection does not know are looked up among the caller's channels. */
  async channelIdsByName(identity: Identity, names: string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const ids = await this.repository.channelIdsByName(names);
    if (ids.length >= names.length) return ids;
    const joined = await this.channels.joined(identity);
    const wanted = new Set(names);
    return [...new Set([...ids, ...joined.filter((c) => wanted.has(c.name)).map((c) => c.id)])];
  }

  userIdsByUsername(usernames: string[]): Promise<string[]> {
    return this.repository.userIdsByUsername(usernames);
  }
}
