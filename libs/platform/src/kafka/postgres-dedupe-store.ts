import { Db, Tx } from '../database/sql';
import { DedupeStore } from './dedupe-store';

/** The handler's effects and the `(group, event id)` row commit in one transaction: exactly-once effects. */
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
}
