import { AUDIT_CSV_COLUMNS, AuditEntryView, AuditQuery, AuditVerifyView, Page } from '@colink/contracts';
import { decodeCursor, encodeCursor } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AdminErrorCode, adminError } from '../common/admin.errors';
import { GENESIS_HASH, entryHash } from './audit-chain';
import { AuditFilter, AuditRepository, AuditRow } from './audit.repository';

const CursorSchema = z.object({ seq: z.int().positive() });
const EXPORT_BATCH = 500;
const VERIFY_BATCH = 1000;

function toAuditView(row: AuditRow): AuditEntryView {
  return {
    id: row.id,
    seq: row.seq,
    occurred_at: row.occurred_at.toISOString(),
    recorded_at: row.recorded_at.toISOString(),
    actor_id: row.actor_id,
    action: row.action,
    resource_type: row.resource_type,
    resource_id: row.resource_id,
    request_id: row.request_id,
    trace_id: row.trace_id,
    details: row.details,
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}

/** A CSV field (RFC 4180), with spreadsheet formulas defused. */
function csvField(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  async page(query: AuditQuery): Promise<Page<AuditEntryView>> {
    const filter = this.filter(query);
    if (query.cursor) {
      const key = decodeCursor(query.cursor, CursorSchema);
      if (!key) throw adminError(AdminErrorCode.BadCursor);
      filter.beforeSeq = key.seq;
    }
    const rows = await this.repo.list(filter, query.limit + 1);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toAuditView),
      next_cursor: rows.length > query.limit && last ? encodeCursor({ seq: last.seq }) : null,
    };
  }

  /** The whole filtered range as CSV lines (header first), newest first, read a batch at a time. */
  async *csv(query: AuditQuery): AsyncGenerator<string> {
    yield `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
    const filter = this.filter(query);
    for (;;) {
      const rows = await this.repo.list(filter, EXPORT_BATCH);
      if (rows.length === 0) return;
      let chunk = '';
      for (const row of rows) {
        const view = toAuditView(row);
        chunk += `${AUDIT_CSV_COLUMNS.map((column) => csvField(view[column])).join(',')}\r\n`;
      }
      yield chunk;
      if (rows.length < EXPORT_BATCH) return;
      filter.beforeSeq = rows[rows.length - 1]!.seq;
    }
  }

  /**
   * Walks the chain from the first entry: each entry must follow the one before it (seq + 1, its
   * prev_hash the previous hash) and hash to what it says. The first entry that does not is named.
   */
  async verify(): Promise<AuditVerifyView> {
    let checked = 0;
    let prevSeq = 0;
    let prevHash: string | null = null; // the genesis hash before the first entry
    for (;;) {
      const rows = await this.repo.chainAfter(prevSeq, VERIFY_BATCH);
      for (const row of rows) {
        const expectedPrev = prevHash ?? GENESIS_HASH;
        const linked = row.seq === prevSeq + 1 && row.prev_hash === expectedPrev;
        const intact = linked && entryHash(row.prev_hash, row) === row.hash;
        if (!intact) return { ok: false, checked, first_broken_id: row.id };
        checked += 1;
        prevSeq = row.seq;
        prevHash = row.hash;
      }
      if (rows.length < VERIFY_BATCH) return { ok: true, checked };
    }
  }

  private filter(query: AuditQuery): AuditFilter {
    return {
      actorId: query.actor_id,
      action: query.action,
      resourceType: query.resource_type,
      from: query.from,
      to: query.to,
    };
  }
}
