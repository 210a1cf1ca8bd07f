import { Envelope, EnvelopeMeta, PayloadOf, Topic, buildEnvelope, keyOf } from '@colink/contracts';
import { RequestContext } from '../context/request-context';
import { currentTraceparent } from '../tracing/tracing';
import { SqlParam, Tx } from '../database/sql';

/** The channel the outbox table's trigger notifies on commit (see outbox.migration.ts). */
export function outboxChannel(schema: string): string {
  return `colink_outbox_${schema}`;
}

/**
 * An outbox row as stored and committed, as the relay publishes it. `channel` and `rev` are set on
 * the changes of a channel (`CHANNEL_CHANGE_TOPICS`), whose revs prove that no earlier change of the
 * channel is still unpublished.
 */
export interface OutboxRecord {
  position: string;
  id: string;
  topic: string;
  key: string;
  /** The envelope as JSON text, as stored: published as it is, never parsed. */
  value: string;
  headers: Record<string, string>;
  channel: string | null;
  rev: number | null;
}

/**
 * The columns of an `OutboxRecord`, for a statement that reads outbox rows or returns those it
 * inserted (`RETURNING`, or a CTE over them). `value` is the stored envelope's text. `position` comes
 * out as text: such a statement orders by the table's column, qualified (`ORDER BY o.position`).
 */
export const OUTBOX_RECORD_COLUMNS = `position::text AS position, id, topic, key, value::text AS value, headers,
  value -> 'data' ->> 'channel_id' AS channel, (value ->> 'rev')::float8 AS rev`;

type CommittedListener = (records?: readonly OutboxRecord[]) => void;
const committedListeners = new Map<string, Set<CommittedListener>>();

/**
 * Called (in this process) whenever a writer tells its `Outbox` that events just committed: the
 * relay publishes the records it is given at once, or reads the table at once, instead of waiting
 * for the database's NOTIFY to come round. Returns the function that stops listening.
 */
export function onOutboxCommitted(schema: string, listener: CommittedListener): () => void {
  const listeners = committedListeners.get(schema) ?? new Set();
  committedListeners.set(schema, listeners);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An outbox row ready to insert. */
export interface OutboxRow<T extends Topic = Topic> {
  id: string;
  topic: T;
  key: string;
  value: Envelope<T>;
  headers: Record<string, string>;
}

/** Payload fields (numbers the database assigns, such as `seq`) that an insert statement fills in. */
export type OutboxFill<T extends Topic> = Partial<Record<keyof PayloadOf<T> & string, string>>;

/** One `INSERT … SELECT` of an event, for a caller's CTE: `WITH …, event AS (${sql}) …`. */
export interface OutboxInsert<T extends Topic> {
  sql: string;
  params: SqlParam[];
  /** The event as validated, before the statement fills in its `fill` fields. */
  envelope: Envelope<T>;
}

const FIELD = /^[a-z_][a-z0-9_]*$/;

/**
 * Writes an event into the service's outbox inside the caller's transaction: if the transaction
 * rolls back, the event never existed; if it commits, the relay will publish it. Every payload is
 * validated against its topic's contract here, strictly: a producer emits only what the schema knows.
 */
export class Outbox {
  private readonly table: string;

  constructor(private readonly schema: string) {
    if (!FIELD.test(schema)) throw new Error(`invalid schema name ${schema}`);
    this.table = `"${schema}"."outbox"`;
  }

  /**
   * After a commit that wrote events: wakes this process' relay now (the NOTIFY still follows).
   * With the committed rows (all of them, as stored: `OUTBOX_RECORD_COLUMNS`), the relay may publish
   * them without reading them back; the rows stay the source of truth until it marks them sent.
   */
  committed(records?: readonly OutboxRecord[]): void {
    for (const listener of committedListeners.get(this.schema) ?? []) listener(records);
  }

  async enqueue<T extends Topic>(
    tx: Tx,
    topic: T,
    data: PayloadOf<T>,
    meta: Partial<EnvelopeMeta> = {},
  ): Promise<Envelope<T>> {
    const row = this.prepare(topic, data, meta);
    await tx.exec(`INSERT INTO ${this.table} (id, topic, key, value, headers) VALUES ($1, $2, $3, $4, $5)`, [
      row.id,
      row.topic,
      row.key,
      JSON.stringify(row.value),
      JSON.stringify(row.headers),
    ]);
    return row.value;
  }

  /**
   * For a change and its event written by one statement (the hot post path): an
   * `INSERT INTO outbox … SELECT … FROM <source>` to use as a CTE. `data` is validated as given; each
   * `fill` field is then replaced by the SQL expression over `source` (e.g. `{seq: 'message.seq'}`),
   * so the value the database assigns reaches the event. Placeholders start at `$<firstParam>`.
   */
  insertFrom<T extends Topic>(
    topic: T,
    data: PayloadOf<T>,
    options: { source: string; fill: OutboxFill<T>; firstParam: number; meta?: Partial<EnvelopeMeta> },
  ): OutboxInsert<T> {
    const row = this.prepare(topic, data, options.meta);
    const p = (offset: number) => `$${options.firstParam + offset}`;
    let value = `${p(3)}::jsonb`;
    for (const [field, expression] of Object.entries(options.fill) as Array<[string, string]>) {
      if (!FIELD.test(field) || !(field in row.value.data))
        throw new Error(`outbox fill: ${field} is not a field of ${topic}`);
      value = `jsonb_set(${value}, '{data,${field}}', to_jsonb(${expression}))`;
    }
    return {
      sql: `INSERT INTO ${this.table} (id, topic, key, value, headers)
         SELECT ${p(0)}, ${p(1)}, ${p(2)}, ${value}, ${p(4)}::jsonb FROM ${options.source}`,
      params: [row.id, row.topic, row.key, JSON.stringify(row.value), JSON.stringify(row.headers)],
      envelope: row.value,
    };
  }

  /**
   * The many-rows form of `insertFrom`, for a statement that writes several changes at once (posts
   * committed as a group): one `INSERT INTO outbox … SELECT` whose events come in one jsonb
   * parameter (`$<param>`), each joined to its row of `source` on `match = ref`, and inserted in
   * `order` (the order they take in the outbox, so in Kafka). Every payload is validated as given.
   * `rev`, for a statement that stamps its channel changes itself (it moved the channel's `last_rev`
   * while holding the channel row): the envelope's `rev` as an SQL expression over `source`, which
   * the outbox trigger then leaves as it is. `returning` lists what the insert returns, for a CTE
   * that reads the rows as stored.
   */
  insertManyFrom<T extends Topic>(
    topic: T,
    items: ReadonlyArray<{ ref: string; data: PayloadOf<T>; meta?: Partial<EnvelopeMeta> }>,
    options: {
      source: string;
      match: string;
      order: string;
      fill: OutboxFill<T>;
      param: number;
      rev?: string;
      returning?: string;
    },
  ): { sql: string; params: SqlParam[]; envelopes: Array<Envelope<T>> } {
    const rows = items.map((item) => ({ ref: item.ref, ...this.prepare(topic, item.data, item.meta) }));
    let value = 'e.value';
    for (const [field, expression] of Object.entries(options.fill) as Array<[string, string]>) {
      if (!FIELD.test(field) || (rows[0] && !(field in rows[0].value.data)))
        throw new Error(`outbox fill: ${field} is not a field of ${topic}`);
      value = `jsonb_set(${value}, '{data,${field}}', to_jsonb(${expression}))`;
    }
    if (options.rev) value = `jsonb_set(${value}, '{rev}', to_jsonb((${options.rev})::bigint))`;
    return {
      sql: `INSERT INTO ${this.table} (id, topic, key, value, headers)
         SELECT e.id, e.topic, e.key, ${value}, e.headers
           FROM jsonb_to_recordset($${options.param}::jsonb)
                AS e(ref text, id uuid, topic text, key text, value jsonb, headers jsonb)
           JOIN ${options.source} ON ${options.match} = e.ref
          ORDER BY ${options.order}${
            options.returning
              ? `
         RETURNING ${options.returning}`
              : ''
          }`,
      params: [JSON.stringify(rows)],
      envelopes: rows.map((row) => row.value),
    };
  }

  private prepare<T extends Topic>(
    topic: T,
    data: PayloadOf<T>,
    meta: Partial<EnvelopeMeta> = {},
  ): OutboxRow<T> {
    return prepareEvent(topic, data, meta);
  }
}

/**
 * Builds and validates an event row (envelope, partition key, trace headers) from the request's
 * context, without writing it: the outbox writes it in SQL; a service whose store is not
 * PostgreSQL (files, in MongoDB) keeps it beside its change and publishes it the same way.
 */
export function prepareEvent<T extends Topic>(
  topic: T,
  data: PayloadOf<T>,
  meta: Partial<EnvelopeMeta> = {},
): OutboxRow<T> {
  const ctx = RequestContext.current();
  const envelope = buildEnvelope(topic, data, {
    actorId: meta.actorId ?? ctx?.actorId ?? null,
    traceId: meta.traceId ?? ctx?.traceId,
    id: meta.id,
    occurredAt: meta.occurredAt,
  });
  const headers: Record<string, string> = { trace_id: envelope.trace_id };
  if (ctx?.requestId) headers.request_id = ctx.requestId;
  const traceparent = currentTraceparent();
  if (traceparent) headers.traceparent = traceparent;
  return { id: envelope.id, topic, key: keyOf(topic, envelope.data), value: envelope, headers };
}
