import { IndexKind } from '../opensearch/index-definitions';
import { OpenSearchConnection } from '../opensearch/opensearch-connection';
import { IndexAction, bulkLines } from './documents';

type ItemOutcome = 'written' | 'stale' | 'failed';

export interface BulkItemResult {
  outcome: ItemOutcome;
  error?: string;
}

interface BulkAnswer {
  errors: boolean;
  items: Array<Record<string, { status: number; error?: { type?: string; reason?: string } }>>;
}

/** Writes documents with the bulk API. */
export class DocumentsRepository {
  constructor(
    private readonly os: OpenSearchConnection,
    private readonly target: (kind: IndexKind) => string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** One bulk request; a request that fails whole throws, item failures come back per item. */
  async bulk(actions: IndexAction[]): Promise<BulkItemResult[]> {
    if (actions.length === 0) return [];
    const answer = await this.os.request<BulkAnswer>('POST', '/_bulk', {
      bulkBody: bulkLines(actions, this.target),
      timeoutMs: this.timeoutMs,
    });
    return answer.body.items.map((item) => {
      const result = Object.values(item)[0];
      if (result.status < 300) return { outcome: 'written' };
      // An older event than the stored document (a replay): nothing to do.
      if (result.status === 409 && result.error?.type === 'version_conflict_engine_exception')
        return { outcome: 'stale' };
      return {
        outcome: 'failed',
        error: `${result.error?.type ?? result.status}: ${result.error?.reason ?? ''}`,
      };
    });
  }
}
