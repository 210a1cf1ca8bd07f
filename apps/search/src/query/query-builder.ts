/** Where a page starts: the sort values of the previous page's last hit and the recency origin used. */
export interface PageStart {
  sort: Array<number | string>;
  originMs: number;
}

/** Everything a search is narrowed to; `readableChannels` is the caller's permission and always applies. */
export interface SearchPlan {
  words: string[];
  phrases: string[];
  readableChannels: string[];
  /** Only these channels (from `in:` and `channel_id`); undefined: no such narrowing. */
  channelIds?: string[];
  /** Only these authors (from `from:` and `from`); undefined: anyone. */
  userIds?: string[];
  before?: string;
  after?: string;
  hasFile: boolean;
  limit: number;
  /** "Now" for recency scoring: fixed for every page of one search, so pages do not shift. */
  originMs: number;
  start?: PageStart;
}

type Query = Record<string, unknown>;

/** The fields a searchable text is matched on, with their weights (see index-definitions). */
export function textFields(field: string): string[] {
  return [`${field}.exact^3`, `${field}^2`, `${field}.code^2`, `${field}.prefix`, `${field}.infix^0.5`];
}

/** Highlight fields in the order their fragments are preferred. */
export function highlightFields(field: string): string[] {
  return [`${field}.exact`, field, `${field}.code`, `${field}.prefix`, `${field}.infix`];
}

export function hasText(plan: Pick<SearchPlan, 'words' | 'phrases'>): boolean {
  return plan.words.length > 0 || plan.phrases.length > 0;
}

const DAY_MS = 24 * 3600 * 1000;

function timeRange(field: string, before?: string, after?: string): Query | undefined {
  if (!before && !after) return undefined;
  const range: Record<string, string> = {};
  if (before) range.lt = `${before}T00:00:00.000Z`;
  if (after) range.gte = new Date(Date.parse(`${after}T00:00:00.000Z`) + DAY_MS).toISOString();
  return { range: { [field]: range } };
}

interface Shape {
  textField: string;
  timeField: string;
  authorField: string;
  /** Filters every search of this kind carries (e.g. no tombstones). */
  always: Query[];
  source: string[] | boolean;
}

const MESSAGES: Shape = {
  textField: 'content',
  timeField: 'created_at',
  authorField: 'user_id',
  always: [{ term: { deleted: false } }],
  source: ['message'],
};

const FILES: Shape = {
  textField: 'filename',
  timeField: 'created_at',
  authorField: 'uploader_id',
  always: [{ bool: { must_not: [{ term: { scan_status: 'infected' } }] } }],
  source: true,
};

function build(plan: SearchPlan, shape: Shape, extraFilters: Query[]): Query {
  // The caller's channels are a filter inside the query: hits, counts and highlights all obey it.
  const filter: Query[] = [
    { terms: { channel_id: plan.readableChannels } },
    ...shape.always,
    ...extraFilters,
  ];
  if (plan.channelIds) filter.push({ terms: { channel_id: plan.channelIds } });
  if (plan.userIds) filter.push({ terms: { [shape.authorField]: plan.userIds } });
  const range = timeRange(shape.timeField, plan.before, plan.after);
  if (range) filter.push(range);

  const must: Query[] = [];
  if (plan.words.length > 0)
    must.push({
      multi_match: {
        query: plan.words.join(' '),
        type: 'most_fields',
        operator: 'and',
        fields: textFields(shape.textField),
      },
    });
  for (const phrase of plan.phrases) must.push({ match_phrase: { [`${shape.textField}.exact`]: phrase } });

  const text = hasText(plan);
  const bool = { bool: { filter, ...(must.length > 0 ? { must } : {}) } };
  const query = text
    ? {
        function_score: {
          query: bool,
          // Relevance times recency: 1.5 for now, 1.0 a month ago, never below 0.5.
          functions: [
            { gauss: { [shape.timeField]: { origin: plan.originMs, scale: '30d', decay: 0.5 } } },
            { weight: 0.5 },
          ],
          score_mode: 'sum',
          boost_mode: 'multiply',
        },
      }
    : bool;
  const sort = text
    ? [{ _score: 'desc' }, { [shape.timeField]: { order: 'desc', missing: '_last' } }, { id: 'asc' }]
    : [{ [shape.timeField]: { order: 'desc', missing: '_last' } }, { id: 'asc' }];

  const body: Query = {
    query,
    sort,
    size: plan.limit + 1,
    track_total_hits: true,
    _source: shape.source,
  };
  if (plan.start) body.search_after = plan.start.sort;
  if (text)
    body.highlight = {
      type: 'unified',
      encoder: 'html',
      pre_tags: ['<mark>'],
      post_tags: ['</mark>'],
      number_of_fragments: 3,
      fragment_size: 160,
      fields: Object.fromEntries(highlightFields(shape.textField).map((field) => [field, {}])),
    };
  return body;
}

/** The OpenSearch request body of a message search. */
export function messageSearchBody(plan: SearchPlan): Query {
  return build(plan, MESSAGES, plan.hasFile ? [{ term: { has_file: true } }] : []);
}

/** The OpenSearch request body of a file search. */
export function fileSearchBody(plan: SearchPlan): Query {
  return build(plan, FILES, []);
}

/** The fragments of the most precise field that has any. */
export function pickHighlights(highlight: Record<string, string[]> | undefined, field: string): string[] {
  if (!highlight) return [];
  for (const name of highlightFields(field)) if (highlight[name]?.length) return highlight[name];
  return [];
}
