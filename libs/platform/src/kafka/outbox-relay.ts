import { Logger } from '@nestjs/common';
import { Producer } from 'kafkajs';
import type { Client } from 'pg';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { contextFromTraceparent, traceparentOf, tracer } from '../tracing/tracing';
import { OUTBOX_RECORD_COLUMNS, OutboxRecord, onOutboxCommitted, outboxChannel } from './outbox';

export interface OutboxRelayOptions {
  databaseUrl: string;
  schema: string;
  producer: Producer;
  batchSize?: number;
  idlePollMs?: number;
  /** Unsent rows and the age in seconds of the oldest of them (0 when none). */
  onBacklog?: (unsent: number, oldestAgeS: number) => void;
  onPublished?: (count: number) => void;
}

type Row = OutboxRecord;

/** Channels whose last published rev is remembered; past this, all are forgotten (and read again). */
const REVS_MAX = 100_000;
/** Handed-over batches kept while a publish is under way; past this, the table is read instead. */
const HANDED_MAX = 64;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes committed outbox rows to Kafka in commit order and marks them sent. One relay per
 * schema is active at a time (a Postgres advisory lock), so order holds with several replicas.
 * A batch that fails is retried whole with backoff, so a Kafka outage delays events and loses none.
 * A crash between the broker's ack and the mark re-sends that batch: consumers dedupe on event id.
 *
 * Rows a writer of this process hands over right after its commit (`Outbox.committed(records)`) are
 * published without reading them back, when they are changes of channels whose revs follow, each,
 * the last rev this relay published in that channel: then no earlier change of those channels can
 * still be unpublished (a channel's changes commit in rev order, gap-free). Otherwise they are left
 * to a read of the table, which takes everything committed in position order, as for every other
 * writer. Either way the rows are marked sent by the relay's next statement.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private client?: Client;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private notified = false;
  private backlogAt = 0;
  /** This connection holds the schema's relay lock (a session lock: held until the connection ends). */
  private locked = false;
  private unlisten?: () => void;
  /** Committed rows handed over by this process' writers, not yet published. */
  private handed: Row[][] = [];
  /** Published, not yet marked sent: the next read marks them. */
  private unmarked: string[] = [];
  /** Per channel, the last rev published since this connection took the lock. */
  private readonly revs = new Map<string, number>();

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unlisten = onOutboxCommitted(this.options.schema, (records) => {
      if (records && records.length > 0 && this.locked && this.handed.length < HANDED_MAX)
        this.handed.push([...records]);
      else this.notified = true; // read from the table (all of them, while Kafka is slow or away)
      this.wake?.();
    });
    this.loop = this.run().catch((error: unknown) =>
      this.logger.error({ err: error }, 'outbox relay stopped'),
    );
  }

  /** Finishes the batch in flight, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.unlisten?.();
    this.wake?.();
    await this.loop;
    await this.markUnmarked();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connect(): Promise<Client> {
    const { Client } = await import('pg'); // loaded by the services with an outbox only
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: `outbox-relay-${this.options.schema}`,
    });
    client.on('error', (error) => this.logger.warn({ err: error }, 'outbox relay connection error'));
    await client.connect();
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    await client.query(`LISTEN ${outboxChannel(this.options.schema)}`);
    return client;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!this.client) {
          this.client = await this.connect();
          this.locked = false;
          this.forget();
        }
        if (!this.locked) {
          const { rows } = await this.client.query<{ locked: boolean }>(
            'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
            [`${this.options.schema}.outbox`],
          );
          if (!rows[0].locked) {
            await this.idle(1_000); // another replica's relay is active
            continue;
          }
          this.locked = true;
        }
        await this.drain();
        failures = 0;
        await this.idle(this.options.idlePollMs ?? 1_000);
      } catch (error) {
        failures += 1;
        this.forget();
        const delay = Math.min(100 * 2 ** failures, 5_000);
        this.logger.warn({ err: error, retry_in_ms: delay }, 'outbox relay failed, retrying');
        await this.reportBacklog();
        await this.client?.end().catch(() => undefined);
        this.client = undefined;
        await sleep(delay);
      }
    }
  }

  /**
   * Publishes what was handed over while its revs follow, and reads the table whenever it was
   * notified (or woke from its idle poll): until nothing is left.
   */
  private async drain(): Promise<void> {
    const client = this.client!;
    const s = this.options.schema;
    const batchSize = this.options.batchSize ?? 200;
    let read = true; // every wake that is not a handover reads
    if (this.handed.length > 0 && !this.notified) read = false;
    try {
      while (this.running) {
        const rows = this.handed.shift();
        if (rows) {
          const next = this.follows(rows);
          if (next === 'publish') await this.publishMarked(rows);
          if (next !== 'read') continue;
          this.handed = []; // committed and unsent: the read below takes them
          read = true;
        }
        if (!read && !this.notified) break;
        read = false;
        this.notified = false;
        // Rows handed over before this read are committed, so the read takes them (or a later one
        // does, past its LIMIT): they are not published from the handover.
        const handedBefore = this.handed.length;
        // The published rows are marked sent by the statement that reads the next ones: one round
        // trip (and one commit) per batch. They are still unsent in this statement's snapshot, hence
        // the `<> ALL`; a row with a lower position that committed late is read now, as before.
        // Named statements: the relay's connection parses and plans each form once.
        const sent = this.unmarked;
        const { rows: batch } = await client.query<Row>(
          sent.length === 0
            ? {
                name: 'outbox_read',
                text: `SELECT ${OUTBOX_RECORD_COLUMNS} FROM "${s}"."outbox" o WHERE sent_at IS NULL ORDER BY o.position LIMIT $1`,
                values: [batchSize],
              }
            : {
                name: 'outbox_mark_and_read',
                text: `WITH sent AS (
                         UPDATE "${s}"."outbox" SET sent_at = now() WHERE position = ANY($2::bigint[])
                       )
                       SELECT ${OUTBOX_RECORD_COLUMNS} FROM "${s}"."outbox" o
                        WHERE sent_at IS NULL AND position <> ALL($2::bigint[]) ORDER BY o.position LIMIT $1`,
                values: [batchSize, sent],
              },
        );
        this.unmarked = [];
        if (sent.length > 0) this.options.onPublished?.(sent.length);
        this.handed.splice(0, handedBefore);
        if (batch.length === 0) {
          this.options.onBacklog?.(0, 0);
          continue;
        }
        await this.reportBacklog();
        await this.publishMarked(batch);
        // A short batch took every row committed before it was read; a row committed since has
        // notified (NOTIFY is delivered after its commit) or was handed over.
        read = batch.length >= batchSize;
      }
    } finally {
      // Published rows not yet marked, and no read on its way to mark them (or stopping): marked on
      // their own. After a failed read they wait for the next connection's first read.
      if (!this.running || !this.notified) await this.markUnmarked();
    }
  }

  /** Marks the published rows not yet marked, if the connection still can; if not, they are sent again and consumers drop the duplicates by event id. */
  private async markUnmarked(): Promise<void> {
    if (this.unmarked.length === 0 || !this.client) return;
    const sent = this.unmarked;
    this.unmarked = [];
    await this.markSent(sent).then(
      () => this.options.onPublished?.(sent.length),
      () => undefined,
    );
  }

  /**
   * Handed-over rows are published as they are when each channel's revs follow its last published
   * one; they were already published (by a read that took them first) when every rev is at most
   * that one; otherwise a read of the table decides.
   */
  private follows(rows: Row[]): 'publish' | 'published' | 'read' {
    const next = new Map<string, number>();
    let published = 0;
    for (const row of rows) {
      if (row.channel === null || row.rev === null) return 'read';
      const last = next.get(row.channel) ?? this.revs.get(row.channel);
      if (last === undefined) return 'read';
      if (row.rev <= last && !next.has(row.channel)) published += 1;
      else if (row.rev === last + 1) next.set(row.channel, row.rev);
      else return 'read';
    }
    if (published === rows.length) return 'published';
    return published === 0 ? 'publish' : 'read';
  }

  /** Publishes rows (in position order), remembers each channel's last rev, and queues the mark. */
  private async publishMarked(rows: Row[]): Promise<void> {
    if (rows.length > 1) rows.sort((a, b) => Number(a.position) - Number(b.position));
    try {
      await this.publish(rows);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.client!.query(
        `UPDATE "${this.options.schema}"."outbox" SET attempts = attempts + 1, last_error = $2 WHERE position = ANY($1::bigint[])`,
        [rows.map((row) => row.position), message.slice(0, 1000)],
      );
      throw error;
    }
    if (this.revs.size > REVS_MAX) this.revs.clear();
    for (const row of rows) {
      if (row.channel !== null && row.rev !== null && row.rev > (this.revs.get(row.channel) ?? -1))
        this.revs.set(row.channel, row.rev);
    }
    for (const row of rows) this.unmarked.push(row.position);
  }

  /** After a failure or a new connection: what was handed over is read again, with every channel's rev. */
  private forget(): void {
    this.handed = [];
    this.revs.clear();
    this.notified = true;
  }

  /** Marks a published batch sent, on its own (the loop otherwise marks it with its next read). */
  private async markSent(positions: string[]): Promise<void> {
    await this.client!.query({
      name: 'outbox_mark_sent',
      text: `UPDATE "${this.options.schema}"."outbox" SET sent_at = now() WHERE position = ANY($1::bigint[])`,
      values: [positions],
    });
  }

  /** The number of unsent rows and the oldest one's age, at most every two seconds: both grow while Kafka is away. */
  private async reportBacklog(): Promise<void> {
    if (!this.options.onBacklog || !this.client || Date.now() - this.backlogAt < 2_000) return;
    this.backlogAt = Date.now();
    const { rows } = await this.client
      .query<{ n: number; age: number }>(
        `SELECT count(*)::int AS n,
                coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS age
           FROM "${this.options.schema}"."outbox" WHERE sent_at IS NULL`,
      )
      .catch(() => ({ rows: [] as Array<{ n: number; age: number }> }));
    if (rows[0]) this.options.onBacklog(rows[0].n, rows[0].age);
  }

  /** Consecutive rows of one topic go in one request; topics alternate in commit order. */
  private async publish(rows: Row[]): Promise<void> {
    let start = 0;
    while (start < rows.length) {
      let end = start;
      while (end < rows.length && rows[end].topic === rows[start].topic) end += 1;
      const group = rows.slice(start, end);
      // A producer span per event, child of the request that wrote it; its traceparent rides the record.
      const spans = group.map((row) =>
        tracer().startSpan(
          `${row.topic} publish`,
          {
            kind: SpanKind.PRODUCER,
            attributes: {
              'messaging.system': 'kafka',
              'messaging.destination.name': row.topic,
              'messaging.message.id': row.id,
            },
          },
          contextFromTraceparent(row.headers.traceparent),
        ),
      );
      try {
        await this.options.producer.send({
          topic: group[0].topic,
          acks: -1,
          messages: group.map((row, i) => {
            const traceparent = traceparentOf(spans[i]);
            return {
              key: row.key,
              value: row.value,
              headers: { ...row.headers, event_id: row.id, ...(traceparent ? { traceparent } : {}) },
            };
          }),
        });
      } catch (error) {
        for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        throw error;
      } finally {
        for (const span of spans) span.end();
      }
      start = end;
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.notified || this.handed.length > 0 || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
