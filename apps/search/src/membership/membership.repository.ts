import { IndicesRepository } from '../opensearch/indices.repository';
import { OpenSearchConnection } from '../opensearch/opensearch-connection';

interface Hits<T> {
  hits: { hits: Array<{ _id: string; _source: T }> };
}

/** Most channels a person or a lookup can name; beyond this the fallback to the channels service answers. */
const MAX_TERMS = 10_000;

/** The membership projection and the channel and user directories, as the indexer keeps them. */
export class MembershipRepository {
  constructor(
    private readonly os: OpenSearchConnection,
    private readonly indices: IndicesRepository,
  ) {}

  private async ids<T>(
    kind: 'members' | 'channels' | 'users',
    query: object,
    field: keyof T,
  ): Promise<string[]> {
    const answer = await this.os.request<Hits<T>>('POST', `/${this.indices.alias(kind)}/_search`, {
      body: { query, size: MAX_TERMS, _source: [field] },
    });
    return answer.body.hits.hits.map((hit) => String(hit._source[field]));
  }

  /** Channels the projection holds the user as a member of. */
  memberChannelIds(userId: string): Promise<string[]> {
    return this.ids<{ channel_id: string }>(
      'members',
      { bool: { filter: [{ term: { user_id: userId } }, { term: { member: true } }] } },
      'channel_id',
    );
  }

  /** Public channels: everyone may read them. */
  publicChannelIds(): Promise<string[]> {
    return this.ids<{ id: string }>('channels', { term: { type: 'public' } }, 'id');
  }

  channelIdsByName(names: string[]): Promise<string[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.ids<{ id: string }>('channels', { terms: { name: names } }, 'id');
  }

  userIdsByUsername(usernames: string[]): Promise<string[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return this.ids<{ id: string }>(
      'users',
      { terms: { username: usernames.map((u) => u.toLowerCase()) } },
      'id',
    );
  }
}
