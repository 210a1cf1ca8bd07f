import { IndexKind } from '../opensearch/index-definitions';
import { IndicesRepository } from '../opensearch/indices.repository';
import { OpenSearchConnection } from '../opensearch/opensearch-connection';

export interface SearchHit<T> {
  _id: string;
  _source: T;
  sort: Array<number | string>;
  highlight?: Record<string, string[]>;
}

export interface SearchAnswer<T> {
  total: number;
  hits: SearchHit<T>[];
}

interface RawAnswer<T> {
  hits: { total: { value: number }; hits: SearchHit<T>[] };
}

/** Runs search bodies against the messages and files aliases. */
export class SearchRepository {
  constructor(
    private readonly os: OpenSearchConnection,
    private readonly indices: IndicesRepository,
    private readonly timeoutMs: number,
  ) {}

  async search<T>(kind: Extract<IndexKind, 'messages' | 'files'>, body: object): Promise<SearchAnswer<T>> {
    const answer = await this.os.request<RawAnswer<T>>('POST', `/${this.indices.alias(kind)}/_search`, {
      body,
      timeoutMs: this.timeoutMs,
    });
    return { total: answer.body.hits.total.value, hits: answer.body.hits.hits };
  }
}
