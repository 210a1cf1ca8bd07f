import type { Pool } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';

/** A value a SQL parameter can take (pg serialises arrays, dates and buffers itself). */
export type SqlParam = string | number | boolean | Date | Buffer | null | readonly unknown[];

/**
 * How repositories speak to their schema: plain SQL with positional parameters, typed rows out, no
 * driver result shapes in. Implemented by `Db` (each statement on its own) and `Tx` (inside one
 * transaction), so a repository method takes `q: Sql = this.db` and works either way.
 */
export interface Sql {
  /** The first row, or null when there is none. */
  one<T>(sql: string, params?: readonly SqlParam[]): Promise<T | null>;
  many<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs a statement and returns how many rows it inserted, updated or deleted. */
  exec(sql: string, params?: readonly SqlParam[]): Promise<number>;
}

/** Called with every statement a `Db` (or its transactions) runs: the hook SQL snapshot tests use. */
export type SqlObserver = (sql: string, params: readonly SqlParam[]) => void;

async function structured(
  runner: QueryRunner,
  sql: string,
  params: readonly SqlParam[],
  observer: SqlObserver | undefined,
): Promise<{ rows: unknown[]; affected: number }> {
  observer?.(sql, params);
  const result = await runner.query(sql, params as unknown[], true);
  const rows = Array.isArray(result.records) ? (result.records as unknown[]) : [];
  return { rows, affected: result.affected ?? rows.length };
}

/** How many times `Db.transaction` runs a transaction Postgres aborted for a deadlock or a serialization conflict. */
const TRANSACTION_ATTEMPTS = 3;

/** 40P01 deadlock_detected, 40001 serialization_failure: the transaction was rolled back and may be rerun. */
function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.code;
  const driverCode = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return [code, driverCode].some((value) => value === '40P01' || value === '40001');
}

/** One open transaction. Only `Db.transaction` makes one; `Outbox.enqueue` and event handlers take it. */
export class Tx implements Sql {
  /** @internal */
  constructor(
    private readonly runner: QueryRunner,
    private readonly observer?: SqlObserver,
  ) {}

  async one<T>(sql: string, params: readonly SqlParam[] = []): Promise<T | null> {
    const { rows } = await structured(this.runner, sql, params, this.observer);
    return (rows[0] as T | undefined) ?? null;
  }

  async many<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return (await structured(this.runner, sql, params, this.observer)).rows as T[];
  }

  async exec(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    return (await structured(this.runner, sql, params, this.observer)).affected;
  }
}

/**
 * The service's Postgres schema, over TypeORM's connection pool: statements on their own, or a
 * transaction that commits when `work` resolves and rolls back when it throws.
 */
export class Db implements Sql {
  /** The service's schema, quoted for use in SQL: `${db.schema}.messages`. */
  readonly schema: string;
  private observer?: SqlObserver;

  constructor(readonly dataSource: DataSource) {
    const name = (dataSource.options as { schema?: string }).schema ?? 'public';
    this.schema = `"${name}"`;
  }

  /** Sees every statement from now on (tests only: a snapshot of the SQL a repository issues). */
  observe(observer: SqlObserver | undefined): void {
    this.observer = observer;
  }

  /**
   * Runs `work` in one transaction. A transaction Postgres aborted to break a deadlock or a
   * serialization conflict is run again, up to `TRANSACTION_ATTEMPTS` times (as the Postgres manual
   * advises): nothing of it was committed, and `work` only speaks to the database through `tx`, so the
   * caller sees the outcome of the rerun rather than a 500 for a conflict it did not cause.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction((manager) =>
          work(new Tx(manager.queryRunner!, this.observer)),
        );
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableConflict(error)) throw error;
        // Apart, so the two sides of a deadlock do not meet again at the same instant.
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  async one<T>(sql: string, params: readonly SqlParam[] = []): Promise<T | null> {
    return this.withRunner((tx) => tx.one<T>(sql, params));
  }

  async many<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return this.withRunner((tx) => tx.many<T>(sql, params));
  }

  async exec(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    return this.withRunner((tx) => tx.exec(sql, params));
  }

  /**
   * `many` for a hot statement whose text never changes, as a named prepared statement straight on
   * the pool: each connection parses it once and, after a few runs, plans it once (a statement of
   * several CTEs costs Postgres about as much to parse and plan as to run), and TypeORM's query
   * runner is skipped. `name` must stand for this one text. Errors are the driver's (`code` is the
   * SQLSTATE), as in `driverError` of the other methods.
   */
  async prepared<T>(name: string, sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    this.observer?.(sql, params);
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const result = await pool.query({ name, text: sql, values: params as unknown[] });
    return result.rows as T[];
  }

  private async withRunner<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(new Tx(runner, this.observer));
    } finally {
      await runner.release();
    }
  }
}
