import { Db, Sql, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';

/** The identity provider's events already audited, by id. */
@Injectable()
export class SignInEventsRepository {
  private readonly s: string;

  constructor(private readonly db: Db) {
    this.s = db.schema;
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** True when the event is new (now marked), false when it was already audited. */
  async markSeen(tx: Tx, id: string, time: Date): Promise<boolean> {
    const inserted = await tx.exec(
      `INSERT INTO ${this.s}.keycloak_events (id, time) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
      [id, time],
    );
    return inserted > 0;
  }

  /** The time of the newest event audited, if any. */
  async latest(q: Sql = this.db): Promise<Date | null> {
    const row = await q.one<{ time: Date | null }>(`SELECT max(time) AS time FROM ${this.s}.keycloak_events`);
    return row?.time ?? null;
  }
}
