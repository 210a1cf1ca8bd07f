import { Logger } from '@nestjs/common';
import { Producer } from 'kafkajs';
import type { Client } from 'pg';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { contextFromTraceparent, traceparentOf, tracer } from '../tracing/tracing';
import { onOutboxCommitted, outboxChannel } from './outbox';

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

interface Row {
  position: string;
  id: string;
  topic: string;
  key: string;
  /** The envelope as JSON text, as stored: published as it is, never parsed here. */
  value: string;
  headers: Record<string, string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes committed outbox rows to Kafka in commit order and marks them sent. One relay per
 * schema is active at a time (a Postgres advisory lock), so order holds with several replicas.
 * A batch that fails is retried whole with backoff, so a Kafka outage delays events and loses none.
 * A crash between the broker's ack and the mark re-sends that batch: consumers dedupe on event id.
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

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unlisten = onOutboxCommitted(this.options.schema, () => {
      this.notified = true;
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
        const delay = Math.min(100 * 2 ** failures, 5_000);
        this.logger.warn({ err: error, retry_in_ms: delay }, 'outbox relay failed, retrying');
        await this.reportBacklog();
        await this.client?.end().catch(() => undefined);
        this.client = undefined;
        await sleep(delay);
      }
    }
  }

  private async drain(): Promise<void> {
    const client = this.client!;
    const s = this.options.schema;
    const batchSize = this.options.batchSize ?? 200;
    const columns = 'position, id, topic, key, value::text AS value, headers';
    let sent: string[] = [];
    try {
      while (this.running) {
        this.notified = false;
        // The previous batch is marked sent by the statement that reads the next one: one round trip
        // (and one commit) per batch. Its rows are still unsent in this statement's snapshot, hence
        // the `<> ALL`; a row with a lower position that committed late is read now, as before.
        // Named statements: the relay's connection parses and plans each form once.
        const { rows } = await client.query<Row>(
          sent.length === 0
            ? {
                name: 'outbox_read',
                text: `SELECT ${columns} FROM "${s}"."outbox" WHERE sent_at IS NULL ORDER BY position LIMIT $1`,
                values: [batchSize],
              }
            : {
                name: 'outbox_mark_and_read',
                text: `WITH sent AS (
                         UPDATE "${s}"."outbox" SET sent_at = now() WHERE position = ANY($2::bigint[])
                       )
                       SELECT ${columns} FROM "${s}"."outbox"
                        WHERE sent_at IS NULL AND position <> ALL($2::bigint[]) ORDER BY position LIMIT $1`,
                values: [batchSize, sent],
              },
        );
        if (sent.length > 0) this.options.onPublished?.(sent.length);
        sent = [];
        if (rows.length === 0) {
          this.options.onBacklog?.(0, 0);
          return;
        }
        await this.reportBacklog();
        try {
          await this.publish(rows);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await client.query(
            `UPDATE "${s}"."outbox" SET attempts = attempts + 1, last_error = $2 WHERE position = ANY($1::bigint[])`,
            [rows.map((row) => row.position), message.slice(0, 1000)],
          );
          throw error;
        }
        sent = rows.map((row) => row.position);
        // A short batch took every row committed before it was read; a row committed since has
        // notified (NOTIFY is delivered after its commit), so without one there is nothing to read again.
        if (rows.length < batchSize && !this.notified) {
          await this.markSent(sent);
          this.options.onPublished?.(sent.length);
          sent = [];
          this.options.onBacklog?.(0, 0);
          return;
        }
      }
    } finally {
      // Stopping (or a failed read) with a published batch not yet marked: mark it if the connection
      // still can; if not, it is sent again on restart and consumers drop the duplicates by event id.
      if (sent.length > 0) await this.markSent(sent).catch(() => undefined);
    }
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
    if (this.notified || !this.running) return Promise.resolve();
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
