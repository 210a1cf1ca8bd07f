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
function textFields(field: string): string[] {
  return [`${field}.exact^3`, `${field}^2`, `${field}.code^2`, `${field}.prefix`, `${field}.infix^0.5`];
}

/** Highlight fields in the order their fragments are preferred. */
function highlightFields(field: string): string[] {
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
interface Fragment {
  /** The fragment's text as OpenSearch sent it (HTML-escaped), without the marks. */
  text: string;
  /** Marked ranges in `text`, as [start, end). */
  marks: Array<[number, number]>;
}

function parseFragment(fragment: string): Fragment {
  const marks: Array<[number, number]> = [];
  let text = '';
  let open = -1;
  for (const part of fragment.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') open = text.length;
    else if (part === '</mark>') {
      if (open >= 0 && text.length > open) marks.push([open, text.length]);
      open = -1;
    } else text += part;
  }
  return { text, marks };
}

function renderFragment({ text, marks }: Fragment): string {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...marks].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = '';
  let at = 0;
  for (const [start, end] of merged) {
    out += `${text.slice(at, start)}<mark>${text.slice(start, end)}</mark>`;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * The highlight fragments of a hit, with the marks of every analysed field merged: the most precise
 * field that has fragments gives the fragments, and what the others matched (a partial word through
 * the prefix or infix field, a code token) is marked in them too, so every reason for the hit shows.
 */
export function pickHighlights(highlight: Record<string, string[]> | undefined, field: string): string[] {
  if (!highlight) return [];
  const fields = highlightFields(field).filter((name) => highlight[name]?.length);
  if (fields.length === 0) return [];
  const base = highlight[fields[0]].map(parseFragment);
  for (const name of fields.slice(1))
    for (const other of highlight[name].map(parseFragment))
      for (const fragment of base) {
        const at = fragment.text.indexOf(other.text);
        if (at < 0) continue;
        for (const [start, end] of other.marks) fragment.marks.push([start + at, end + at]);
        break;
      }
  return base.map(renderFragment);
}
