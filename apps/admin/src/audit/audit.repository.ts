import { Db, Sql, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { ChainedFields, GENESIS_HASH, entryHash } from './audit-chain';

export interface AuditRow extends ChainedFields {
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

export type NewAuditEntry = Omit<ChainedFields, 'seq'>;

export interface AuditFilter {
  actorId?: string;
  action?: string;
  resourceType?: string;
  from?: string;
  to?: string;
  /** Entries before this seq (pages run newest first). */
  beforeSeq?: number;
}

const COLUMNS = `id, seq::float8 AS seq, occurred_at, recorded_at, actor_id, action, resource_type,
  resource_id, request_id, trace_id, details, prev_hash, hash`;

/** The only class that touches the audit log. */
@Injectable()
export class AuditRepository {
  private readonly s: string;
  private readonly lockKey: string;

  constructor(private readonly db: Db) {
    this.s = db.schema;
    this.lockKey = `${db.schema}.audit_entries`;
  }

  /**
   * Appends one entry at the chain's head. The transaction-scoped advisory lock serialises appends,
   * so every entry's `prev_hash` is the hash of the entry one `seq` before it. An event already
   * recorded (same id) is left as it is.
   */
  async append(tx: Tx, entry: NewAuditEntry): Promise<boolean> {
    await tx.exec(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [this.lockKey]);
    const known = await tx.one(`SELECT 1 FROM ${this.s}.audit_entries WHERE id = $1`, [entry.id]);
    if (known) return false;
    const head = await tx.one<{ seq: number; hash: string }>(
      `SELECT seq::float8 AS seq, hash FROM ${this.s}.audit_entries ORDER BY seq DESC LIMIT 1`,
    );
    const seq = (head?.seq ?? 0) + 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    const hash = entryHash(prevHash, { ...entry, seq });
    await tx.exec(
      `INSERT INTO ${this.s}.audit_entries (id, seq, occurred_at, actor_id, action, resource_type,
         resource_id, request_id, trace_id, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
      [
        entry.id,
        seq,
        entry.occurred_at,
        entry.actor_id,
        entry.action,
        entry.resource_type,
        entry.resource_id,
        entry.request_id,
        entry.trace_id,
        JSON.stringify(entry.details),
        prevHash,
        hash,
      ],
    );
    return true;
  }

  /** One page, newest first. */
  list(filter: AuditFilter, limit: number, q: Sql = this.db): Promise<AuditRow[]> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    const add = (sql: string, value: string | number) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.actorId) add('actor_id = ?', filter.actorId);
    if (filter.action) add('action = ?', filter.action);
    if (filter.resourceType) add('resource_type = ?', filter.resourceType);
    if (filter.from) add('occurred_at >= ?::timestamptz', filter.from);
    if (filter.to) add('occurred_at <= ?::timestamptz', filter.to);
    if (filter.beforeSeq !== undefined) add('seq < ?', filter.beforeSeq);
    params.push(limit);
    return q.many<AuditRow>(
      `SELECT ${COLUMNS} FROM ${this.s}.audit_entries
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** The chain in order, a batch at a time: entries after `afterSeq`. */
  chainAfter(afterSeq: number, limit: number): Promise<AuditRow[]> {
    return this.db.many<AuditRow>(
      `SELECT ${COLUMNS} FROM ${this.s}.audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
  }
}
