import { Envelope, Topic } from '@colink/contracts';

/** The column types the feeds use, as DuckDB names them; the Glue catalog maps each to its own. */
export type ColumnType = 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'BOOLEAN' | 'TIMESTAMP' | 'DATE' | 'VARCHAR[]';

export interface Column {
  name: string;
  type: ColumnType;
  description: string;
}

export type Row = Record<string, string | number | boolean | null | string[]>;

/** What a row mapper may use besides the event: the pseudonyms and the text setting. */
export interface RowContext {
  pseudonym(userId: string): string;
  pseudonym(userId: string | null): string | null;
  includeMessageText: boolean;
}

/** One schema version of a feed: its columns and how an event becomes a row. */
export interface FeedVersion {
  version: number;
  columns: Column[];
  toRow(event: Envelope, context: RowContext): Row;
}

/**
 * An analytics feed: the topics it is made of and its schema versions, oldest first. Every row
 * carries `event_id` (the dedupe key) and `event_time` (the day partition) as its first columns.
 */
export interface FeedDefinition {
  name: string;
  description: string;
  topics: Topic[];
  versions: FeedVersion[];
}

/** A daily aggregate, recomputed from a day's committed feed files each time the day changes. */
export interface AggregateDefinition {
  name: string;
  description: string;
  version: number;
  /** The feeds its SQL reads, each as a view of that name over every version's files of the day. */
  sources: string[];
  columns: Column[];
  /** A SELECT over the source views producing `columns`, with `$day` as the DATE of the day. */
  sql: string;
}
