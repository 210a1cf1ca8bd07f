import {
  FileSearchPage,
  MessageSearchPage,
  MessageView,
  ScanStatusSchema,
  SearchFile,
  SearchQuery,
} from '@colink/contracts';
import { Identity } from '@colink/platform';
import { Logger } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { MembershipService } from '../membership/membership.service';
import { OpenSearchUnavailable } from '../opensearch/opensearch-connection';
import { SearchPlan, fileSearchBody, hasText, messageSearchBody, pickHighlights } from './query-builder';
import { QuerySyntaxError, parseQuery } from './query-parser';
import { CursorMode, decodeSearchCursor, encodeSearchCursor } from './search-cursor';
import { SearchErrorCode, searchError } from './search.errors';
import { SearchHit, SearchRepository } from './search.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface FileSource {
  id: string;
  channel_id: string;
  uploader_id: string;
  filename?: string;
  content_type?: string;
  size_bytes?: number;
  scan_status: string;
  has_thumbnail?: boolean;
  created_at?: string;
}

function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}
function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/** Searches messages and files, narrowed to the channels the caller may read inside the query. */
export class SearchService {
  private readonly logger = new Logger(SearchService.name);

  constructor(
    private readonly membership: MembershipService,
    private readonly repository: SearchRepository,
    private readonly latency?: Histogram<'kind' | 'outcome'>,
  ) {}

  async messages(identity: Identity, query: SearchQuery): Promise<MessageSearchPage> {
    return this.timed('messages', async () => {
      const plan = await this.plan(identity, query);
      const answer = await this.run<{ message: MessageView }>('messages', messageSearchBody(plan));
      return this.page(plan, answer.total, answer.hits, (hit) => ({
        message: hit._source.message,
        highlights: pickHighlights(hit.highlight, 'content'),
      }));
    });
  }

  async files(identity: Identity, query: SearchQuery): Promise<FileSearchPage> {
    return this.timed('files', async () => {
      const plan = await this.plan(identity, query);
      const answer = await this.run<FileSource>('files', fileSearchBody(plan));
      return this.page(plan, answer.total, answer.hits, (hit) => ({
        file: toFile(hit._source),
        highlights: pickHighlights(hit.highlight, 'filename'),
      }));
    });
  }

  private async timed<T>(kind: string, work: () => Promise<T>): Promise<T> {
    const end = this.latency?.startTimer({ kind });
    try {
      const result = await work();
      end?.({ outcome: 'ok' });
      return result;
    } catch (error) {
      end?.({ outcome: error instanceof OpenSearchUnavailable ? 'unavailable' : 'error' });
      if (error instanceof OpenSearchUnavailable) {
        this.logger.warn({ err: error }, 'search failed: OpenSearch unavailable');
        throw searchError(SearchErrorCode.Unavailable);
      }
      throw error;
    }
  }

  private async run<T>(kind: 'messages' | 'files', body: object) {
    return this.repository.search<T>(kind, body);
  }

  private page<T, I>(
    plan: SearchPlan,
    total: number,
    hits: SearchHit<T>[],
    toItem: (hit: SearchHit<T>) => I,
  ): { items: I[]; total: number; next_cursor: string | null } {
    const shown = hits.slice(0, plan.limit);
    const more = hits.length > plan.limit && shown.length > 0;
    const mode: CursorMode = hasText(plan) ? 'scored' : 'timed';
    return {
      items: shown.map(toItem),
      total,
      next_cursor: more
        ? encodeSearchCursor(mode, { sort: shown[shown.length - 1].sort, originMs: plan.originMs })
        : null,
    };
  }

  /** Reads `q` and the parameters into a plan; throws 400 for what cannot be understood. */
  private async plan(identity: Identity, query: SearchQuery): Promise<SearchPlan> {
    let parsed;
    try {
      parsed = parseQuery(query.q);
    } catch (error) {
      if (error instanceof QuerySyntaxError)
        throw searchError(SearchErrorCode.BadQuery, [{ field: 'q', message: error.message }]);
      throw error;
    }
    const before = earlier(parsed.before, query.before);
    const after = later(parsed.after, query.after);
    const hasFile = parsed.hasFile || query.has_file === true;
    const fromNames = [...parsed.from, ...(query.from ? [query.from.replace(/^@/, '')] : [])];
    const mode: CursorMode = parsed.words.length > 0 || parsed.phrases.length > 0 ? 'scored' : 'timed';
    const start = query.cursor ? decodeSearchCursor(query.cursor, mode) : undefined;
    if (start === null) throw searchError(SearchErrorCode.BadCursor);

    let channelIds: string[] | undefined;
    if (parsed.channels.length > 0)
      channelIds = await this.membership.channelIdsByName(identity, parsed.channels);
    if (query.channel_id)
      channelIds = channelIds ? channelIds.filter((id) => id === query.channel_id) : [query.channel_id];
    let userIds: string[] | undefined;
    if (fromNames.length > 0) {
      const ids = fromNames.filter((name) => UUID.test(name)).map((id) => id.toLowerCase());
      const names = fromNames.filter((name) => !UUID.test(name));
      userIds = [...ids, ...(await this.membership.userIdsByUsername(names))];
    }
    const readableChannels = await this.membership.readableChannels(identity, channelIds ?? []);
    return {
      words: parsed.words,
      phrases: parsed.phrases,
      readableChannels,
      channelIds,
      userIds,
      before,
      after,
      hasFile,
      limit: query.limit,
      originMs: start?.originMs ?? Date.now(),
      start,
    };
  }
}

function toFile(source: FileSource): SearchFile {
  const status = ScanStatusSchema.safeParse(source.scan_status);
  return {
    id: source.id,
    channel_id: source.channel_id,
    uploader_id: source.uploader_id,
    filename: source.filename ?? '',
    content_type: source.content_type ?? 'application/octet-stream',
    size_bytes: source.size_bytes ?? 0,
    scan_status: status.success ? status.data : 'pending',
    has_thumbnail: status.success && status.data === 'clean' && source.has_thumbnail === true,
    created_at: source.created_at ?? '',
  };
}
