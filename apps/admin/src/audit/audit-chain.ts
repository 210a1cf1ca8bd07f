import { createHash } from 'node:crypto';

/** The `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers (everything but `recorded_at`, which the database sets). */
export interface ChainedFields {
  id: string;
  seq: number;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  request_id: string | null;
  trace_id: string | null;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted at every level: jsonb does not keep the order a producer wrote. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of the previous entry's hash and this entry's fields. */
export function entryHash(prevHash: string, entry: ChainedFields): string {
  const body = canonicalJson([
    entry.id,
    entry.seq,
    entry.occurred_at.toISOString(),
    entry.actor_id,
    entry.action,
    entry.resource_type,
    entry.resource_id,
    entry.request_id,
    entry.trace_id,
    entry.details,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
