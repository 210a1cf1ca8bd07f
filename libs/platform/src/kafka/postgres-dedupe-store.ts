import { Db, Tx } from '../database/sql';
import { BatchItem, DedupeStore } from './dedupe-store';

/**
 * The handler's effects and the `(group, event id)` row commit in one transaction: exactly-once effects.
 * A batch shares one transaction: BEGIN, one INSERT of every mark, the effects, COMMIT.
 */
export class PostgresDedupeStore implements DedupeStore {
  constructor(private readonly db: Db) {}

  runOnce(groupId: string, eventId: string, apply: (tx: Tx) => Promise<void>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.exec(
        `INSERT INTO ${this.db.schema}.processed_events (consumer_group, event_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING`,
        [groupId, eventId],
      );
      if (inserted === 0) return false;
      await apply(tx);
      return true;
    });
  }

  /** One transaction: the marks of every event in one statement, then the effects of the new ones. */
  runBatch(groupId: string, items: readonly BatchItem[]): Promise<boolean[]> {
    return this.db.transaction(async (tx) => {
      const marked = await tx.many<{ event_id: string }>(
        `INSERT INTO ${this.db.schema}.processed_events (consumer_group, event_id)
         SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`,
        [groupId, items.map((item) => item.eventId)],
      );
      const fresh = new Set(marked.map((row) => row.event_id));
      const ran: boolean[] = [];
      for (const item of items) {
        const run = fresh.delete(item.eventId.toLowerCase());
        if (run) await item.apply(tx);
        ran.push(run);
      }
      return ran;
    });
  }
}
