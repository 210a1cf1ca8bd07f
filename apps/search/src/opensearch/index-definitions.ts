/**
 * The indices the service keeps, their analysis and explicit mappings. Each kind lives in a versioned
 * index (`<alias>-v<schema>-<stamp>`) behind an alias (`<prefix>-<kind>`): a mapping change bumps
 * `SCHEMA_VERSION` and `tools/colink reindex` builds the new index beside the old and swaps the alias.
 */
export const SCHEMA_VERSION = 1;

export const INDEX_KINDS = ['messages', 'files', 'channels', 'members', 'users'] as const;
export type IndexKind = (typeof INDEX_KINDS)[number];

export function aliasOf(prefix: string, kind: IndexKind): string {
  return `${prefix}-${kind}`;
}

/** A concrete index name; `stamp` 0 is the first index a fresh cluster gets (so two instances agree on it). */
export function indexNameOf(prefix: string, kind: IndexKind, stamp: number | string): string {
  return `${aliasOf(prefix, kind)}-v${SCHEMA_VERSION}-${stamp}`;
}

/**
 * English text plus the tokens people type when they half-remember something:
 * - `colink_english`: stemmed words (`deployments` finds `deploy`), CJK as bigrams;
 * - `colink_text`: the words as written (phrases, exact matches), CJK as bigrams;
 * - `colink_code_*`: white-space tokens kept whole and split at `_ . ( )` and case changes, so
 *   `user_id` and `foo.bar()` match themselves and their parts;
 * - `colink_prefix_index`: edge n-grams (2..20) for typing the start of a word (`kube`);
 * - `colink_infix`: trigrams for a piece from the middle of a word (`netes`).
 * All of it needs OpenSearch's `analysis-common` module (built into the full distribution).
 */
const ANALYSIS = {
  tokenizer: {
    // Punctuation stays inside the grams, so `user_id` needs `er_` and never matches `user ... id`.
    colink_trigram: {
      type: 'ngram',
      min_gram: 3,
      max_gram: 3,
      token_chars: ['letter', 'digit', 'punctuation', 'symbol'],
    },
  },
  filter: {
    colink_possessive: { type: 'stemmer', language: 'possessive_english' },
    colink_english_stemmer: { type: 'stemmer', language: 'english' },
    colink_prefix: { type: 'edge_ngram', min_gram: 2, max_gram: 20 },
    colink_code_parts: {
      type: 'word_delimiter_graph',
      preserve_original: true,
      split_on_case_change: true,
      split_on_numerics: false,
      stem_english_possessive: false,
    },
  },
  analyzer: {
    colink_english: {
      type: 'custom',
      tokenizer: 'standard',
      filter: ['cjk_width', 'lowercase', 'cjk_bigram', 'colink_possessive', 'colink_english_stemmer'],
    },
    colink_text: { type: 'custom', tokenizer: 'standard', filter: ['cjk_width', 'lowercase', 'cjk_bigram'] },
    colink_code_index: {
      type: 'custom',
      tokenizer: 'whitespace',
      filter: ['cjk_width', 'colink_code_parts', 'flatten_graph', 'lowercase'],
    },
    colink_code_search: { type: 'custom', tokenizer: 'whitespace', filter: ['cjk_width', 'lowercase'] },
    colink_prefix_index: {
      type: 'custom',
      tokenizer: 'standard',
      filter: ['cjk_width', 'lowercase', 'colink_prefix'],
    },
    colink_plain: { type: 'custom', tokenizer: 'standard', filter: ['cjk_width', 'lowercase'] },
    // A tokenizer, not a filter: each trigram gets its own position, so a query needs all of them.
    colink_infix: { type: 'custom', tokenizer: 'colink_trigram', filter: ['cjk_width', 'lowercase'] },
  },
  normalizer: {
    colink_lowercase: { type: 'custom', filter: ['lowercase'] },
  },
} as const;

/** A searchable text field with every way of matching it (see ANALYSIS). */
const SEARCHABLE_TEXT = {
  type: 'text',
  analyzer: 'colink_english',
  fields: {
    exact: { type: 'text', analyzer: 'colink_text' },
    code: { type: 'text', analyzer: 'colink_code_index', search_analyzer: 'colink_code_search' },
    prefix: {
      type: 'text',
      analyzer: 'colink_prefix_index',
      search_analyzer: 'colink_plain',
      index_options: 'freqs',
    },
    infix: { type: 'text', analyzer: 'colink_infix', index_options: 'freqs' },
  },
} as const;

const keyword = { type: 'keyword' } as const;
const date = { type: 'date', format: 'strict_date_optional_time||epoch_millis' } as const;

export const MAPPINGS: Record<IndexKind, Record<string, unknown>> = {
  messages: {
    id: keyword,
    channel_id: keyword,
    user_id: keyword,
    thread_root_id: keyword,
    seq: { type: 'long' },
    content: SEARCHABLE_TEXT,
    has_file: { type: 'boolean' },
    deleted: { type: 'boolean' },
    created_at: date,
    // The message as the API answers it: kept, not indexed.
    message: { type: 'object', enabled: false },
  },
  files: {
    id: keyword,
    channel_id: keyword,
    uploader_id: keyword,
    filename: SEARCHABLE_TEXT,
    content_type: keyword,
    size_bytes: { type: 'long' },
    scan_status: keyword,
    has_thumbnail: { type: 'boolean' },
    created_at: date,
  },
  channels: {
    id: keyword,
    name: { type: 'keyword', normalizer: 'colink_lowercase' },
    type: keyword,
    archived: { type: 'boolean' },
  },
  members: {
    channel_id: keyword,
    user_id: keyword,
    member: { type: 'boolean' },
  },
  users: {
    id: keyword,
    username: { type: 'keyword', normalizer: 'colink_lowercase' },
    display_name: { type: 'text', analyzer: 'colink_plain' },
  },
};

/** The composable index template of one kind: every versioned index of it gets these settings and mappings. */
export function templateOf(prefix: string, kind: IndexKind, replicas = 0): Record<string, unknown> {
  return {
    index_patterns: [`${aliasOf(prefix, kind)}-v*`],
    priority: 200,
    template: {
      settings: {
        number_of_shards: 1,
        number_of_replicas: replicas,
        refresh_interval: '1s',
        'index.max_ngram_diff': 18,
        analysis: ANALYSIS,
      },
      mappings: {
        dynamic: 'strict',
        _meta: { schema_version: SCHEMA_VERSION },
        properties: MAPPINGS[kind],
      },
    },
    _meta: { schema_version: SCHEMA_VERSION },
  };
}
