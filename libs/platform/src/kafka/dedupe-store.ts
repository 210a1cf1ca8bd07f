import { Tx } from '../database/sql';

/**
 * Where a consumer group remembers the event ids it has applied, so a redelivered record is applied
 * once. `runOnce` runs `apply` unless the id is already marked, and says whether it ran.
 */
export interface DedupeStore {
  runOnce(groupId: string, eventId: string, apply: (tx: Tx) => Promise<void>): Promise<boolean>;
  /**
   * Applies several events in order as one unit: each runs unless its id is already marked (or
   * appears earlier in the batch), and the result says which ran. If an `apply` throws, the error
   * propagates and the store undoes what it can (Postgres: the whole transaction; Redis: the claims
   * of the failing event and of those after it), so the caller can go on one event at a time.
   */
  runBatch?(groupId: string, items: readonly BatchItem[]): Promise<boolean[]>;
  close?(): Promise<void>;
}

/** One event of a batch: its id and its effects. */
export interface BatchItem {
  eventId: string;
  apply: (tx: Tx) => Promise<void>;
}

/**
 * How a service's consumer dedupes: in its Postgres schema (the default), in Redis, or not at all
 * (`none`: for handlers that are idempotent by themselves, e.g. writes with external versions).
 */
export type DedupeOptions =
  { store: 'postgres' } | { store: 'redis'; url: string; ttlS?: number } | { store: 'none' };

/** No dedupe record: every delivery runs the handler, which must be idempotent on its own. */
export class NoDedupeStore implements DedupeStore {
  async runOnce(_groupId: string, _eventId: string, apply: (tx: Tx) => Promise<void>): Promise<boolean> {
    await apply(NO_TRANSACTION);
    return true;
  }
}

/**
 * Stands in for the transaction handlers get when the store has none (Redis): a handler that
 * touches it fails loudly instead of writing outside any transaction.
 */
export const NO_TRANSACTION = new Proxy({} as Tx, {
  get(_target, property) {
    if (property === 'then') return undefined;
    throw new Error(`this consumer dedupes outside the database: no transaction (${String(property)})`);
  },
});
