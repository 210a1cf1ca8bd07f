import { Envelope, Topic, dlqTopic, parseEnvelope } from '@colink/contracts';
import { Logger } from '@nestjs/common';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { RequestContext } from '../context/request-context';
import { Db, Tx } from '../database/sql';
import { SpanKind, contextFromTraceparent, withSpan } from '../tracing/tracing';
import { BatchItem, DedupeStore } from './dedupe-store';
import { PostgresDedupeStore } from './postgres-dedupe-store';
import { TopicHandler } from './handler-context';

export interface EventConsumerOptions {
  kafka: Kafka;
  producer: Producer;
  /** Where applied event ids are remembered: `dedupe`, or else a PostgresDedupeStore on `db`. */
  dedupe?: DedupeStore;
  db?: Db;
  groupId: string;
  handlers: Map<Topic, TopicHandler<Topic>>;
  maxAttempts?: number;
  retryBaseMs?: number;
  fromBeginning?: boolean;
  /**
   * `deferred`: offsets are committed only when handlers call `ctx.commit()` (a handler that buffers
   * work acknowledges it once durable, so a crash or an outage replays it from Kafka). Default
   * `on-return`: kafkajs commits each record after its handler returns.
   */
  acknowledge?: 'on-return' | 'deferred';
  onResult?: (topic: Topic, result: 'handled' | 'duplicate' | 'dead-lettered') => void;
  /** After an event's effects committed: its topic and when it occurred at its producer. */
  onApplied?: (topic: Topic, occurredAt: string) => void;
  /** Records behind the partition's end after each batch: the consumer lag. */
  onLag?: (topic: string, partition: number, lag: number) => void;
  /**
   * At most this many records of a fetched batch are applied in one transaction (default 32). Only
   * with a dedupe store that applies batches (Postgres, Redis) and `on-return` acknowledgement;
   * otherwise each record is applied on its own. The transaction holds the row locks of every
   * effect until it commits, so a request that writes the same rows (a channel's row, say) waits
   * for the whole chunk: the bound keeps that wait to tens of milliseconds.
   */
  maxBatch?: number;
  /**
   * How long a fetch may wait at the broker for more records when fewer than a batch's worth are
   * there (kafkajs `maxWaitTimeInMs` with `minBytes`). Unset: a fetch returns as soon as one record
   * is there, so under a steady load every batch holds one or two records and each pays its own
   * transaction (BEGIN, dedupe mark, effects, COMMIT) and its offset commit to Kafka. A consumer whose effects
   * may land tens of milliseconds later (unread counts) sets it to apply fuller batches.
   */
  batchWaitMs?: number;
}

/** What a fetch waits for at the broker when `batchWaitMs` is set: about a full batch of records. */
const BATCH_MIN_BYTES = 32 * 1024;

/** A record of a fetched batch, validated, waiting to be applied. */
interface Pending {
  envelope: Envelope;
  handler: TopicHandler<Topic>;
  message: KafkaMessage;
}

/** Where a batch's records came from, and kafkajs' hooks for that partition. */
interface Source {
  topic: Topic;
  partition: number;
  heartbeat: () => Promise<void>;
}

/** Thrown out of a batch's transaction: which record's handler failed, and why. */
class BatchItemFailed extends Error {
  constructor(
    readonly index: number,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Consumes the topics that have handlers. Each record is validated against the contract before its
 * handler runs; the dedupe store applies it once per event id (with Postgres, the handler's effects
 * and the dedupe mark commit in one transaction). A handler that keeps failing, or a record that breaks the
 * contract, is parked on `<topic>.dlq` with the error, and the partition moves on.
 *
 * Records arrive in batches (what one fetch brought for a partition). With a store that can, up to
 * `maxBatch` of them are applied in ONE transaction: every dedupe mark and every effect, in offset
 * order, then one commit; their offsets are resolved (and committed to Kafka) only after it. If any
 * handler throws, the whole transaction rolls back and the records are applied one at a time as
 * above, so only the failing one retries and is dead-lettered (its failure in the batch counts as
 * its first attempt), and the others are applied once.
 */
export class EventConsumer {
  private readonly logger = new Logger(EventConsumer.name);
  private consumer?: Consumer;
  private readonly dedupe: DedupeStore;

  constructor(private readonly options: EventConsumerOptions) {
    if (options.dedupe) this.dedupe = options.dedupe;
    else if (options.db) this.dedupe = new PostgresDedupeStore(options.db);
    else throw new Error('EventConsumer needs a dedupe store or a db');
  }

  async start(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 15_000,
      heartbeatInterval: 3_000,
      ...(this.options.batchWaitMs !== undefined
        ? { minBytes: BATCH_MIN_BYTES, maxWaitTimeInMs: this.options.batchWaitMs }
        : {}),
    });
    this.consumer = consumer;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      this.options.onLag?.(payload.topic, payload.partition, Number(payload.offsetLagLow));
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [...this.options.handlers.keys()],
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: this.options.acknowledge !== 'deferred',
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private get batches(): boolean {
    return Boolean(this.dedupe.runBatch) && this.options.acknowledge !== 'deferred';
  }

  /**
   * One fetched batch of one partition, in offset order. Valid records are gathered into chunks
   * applied together; a record that breaks the contract ends the chunk before it and is parked.
   * An offset is resolved only once its record's effects (or its parking) are durable.
   */
  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const source: Source = { topic: batch.topic as Topic, partition: batch.partition, heartbeat };
    const handler = this.options.handlers.get(source.topic);
    const maxBatch = this.batches ? Math.max(1, this.options.maxBatch ?? 32) : 1;
    let chunk: Pending[] = [];
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      const applying = chunk;
      chunk = [];
      await this.applyChunk(source, applying);
      resolveOffset(applying[applying.length - 1].message.offset);
      await heartbeat();
    };
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      if (!handler) {
        await flush();
        resolveOffset(message.offset);
        continue;
      }
      const parsed = parseEnvelope(source.topic, message.value ?? Buffer.alloc(0));
      if (!parsed.ok) {
        await flush();
        await this.deadLetter(
          source.topic,
          message,
          source.partition,
          `contract: ${parsed.issues.join('; ')}`,
        );
        resolveOffset(message.offset);
        continue;
      }
      chunk.push({ envelope: parsed.envelope, handler, message });
      if (chunk.length >= maxBatch) await flush();
    }
    if (isRunning() && !isStale()) await flush();
  }

  /** Applies the records in one transaction, or (one-record chunks, or after a failure) one by one. */
  private async applyChunk(source: Source, chunk: Pending[]): Promise<void> {
    const runBatch = this.dedupe.runBatch?.bind(this.dedupe);
    if (!runBatch || chunk.length === 1) {
      for (const pending of chunk) await this.handle(source, pending, 1);
      return;
    }
    const items: BatchItem[] = chunk.map((pending, index) => ({
      eventId: pending.envelope.id,
      apply: async (tx) => {
        try {
          await this.applyTraced(pending, source, tx);
        } catch (error) {
          throw new BatchItemFailed(index, error);
        }
      },
    }));
    let ran: boolean[];
    try {
      ran = await runBatch(this.options.groupId, items);
    } catch (error) {
      // Nothing of the transaction stands: one at a time, the failing record on its second attempt.
      const failed = error instanceof BatchItemFailed ? error.index : -1;
      for (const [index, pending] of chunk.entries())
        await this.handle(source, pending, index === failed ? 2 : 1, index === failed ? error : undefined);
      return;
    }
    for (const [index, pending] of chunk.entries()) this.report(pending.envelope, ran[index]);
  }

  /** One record on its own: retried with backoff, then parked. `attempt` > 1: it already failed once. */
  private async handle(source: Source, pending: Pending, first: number, failure?: unknown): Promise<void> {
    const { envelope, message } = pending;
    const maxAttempts = this.options.maxAttempts ?? 5;
    let error = failure instanceof BatchItemFailed ? failure.failure : failure;
    for (let attempt = first; ; attempt += 1) {
      if (attempt > 1) {
        if (attempt > maxAttempts) {
          this.logger.error(
            { err: error, event_id: envelope.id, topic: source.topic },
            'handler failed, dead-lettering',
          );
          const reason = error instanceof Error ? error.message : String(error);
          await this.deadLetter(envelope.type, message, source.partition, `handler: ${reason}`);
          return;
        }
        await sleep((this.options.retryBaseMs ?? 200) * 2 ** (attempt - 2));
      }
      try {
        const applied = await this.dedupe.runOnce(this.options.groupId, envelope.id, (tx) =>
          this.applyTraced(pending, source, tx),
        );
        this.report(envelope, applied);
        return;
      } catch (caught) {
        error = caught;
      }
    }
  }

  private report(envelope: Envelope, applied: boolean): void {
    this.options.onResult?.(envelope.type, applied ? 'handled' : 'duplicate');
    if (applied) this.options.onApplied?.(envelope.type, envelope.occurred_at);
  }

  /** The record's handler inside the transaction `tx`, in a consumer span and the event's context. */
  private applyTraced({ envelope, handler, message }: Pending, source: Source, tx: Tx): Promise<void> {
    const { partition } = source;
    const offset = message.offset;
    const headers = textHeaders(message.headers);
    const requestId = `event:${envelope.id}`;
    // A consumer span, child of the producer's (the record's traceparent) or at least of the trace.
    const parent = contextFromTraceparent(
      headers.traceparent ?? `00-${envelope.trace_id}-${'0'.repeat(15)}1-01`,
    );
    const commit =
      this.options.acknowledge === 'deferred'
        ? () => this.commitThrough(envelope.type, partition, offset)
        : () => Promise.resolve();
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.destination.name': envelope.type,
      'messaging.consumer.group.name': this.options.groupId,
      'messaging.message.id': envelope.id,
      'messaging.destination.partition.id': String(partition),
    };
    return withSpan(`${envelope.type} process`, { kind: SpanKind.CONSUMER, parent, attributes }, () =>
      RequestContext.run({ requestId, traceId: envelope.trace_id, actorId: envelope.actor_id }, () =>
        handler(envelope, { tx, partition, offset, headers, commit, heartbeat: source.heartbeat }),
      ),
    );
  }

  private async commitThrough(topic: Topic, partition: number, offset: string): Promise<void> {
    const next = (BigInt(offset) + 1n).toString();
    await this.consumer?.commitOffsets([{ topic, partition, offset: next }]);
  }

  private async deadLetter(
    topic: Topic,
    message: KafkaMessage,
    partition: number,
    error: string,
  ): Promise<void> {
    // If the DLQ write fails this throws, kafkajs does not commit the offset, and the record is retried.
    await this.options.producer.send({
      topic: dlqTopic(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            dlq_error: error.slice(0, 2000),
            dlq_source_topic: topic,
            dlq_source_partition: String(partition),
            dlq_source_offset: message.offset,
            dlq_consumer_group: this.options.groupId,
          },
        },
      ],
    });
    this.options.onResult?.(topic, 'dead-lettered');
  }
}

function textHeaders(headers: KafkaMessage['headers']): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) text[name] = first.toString();
  }
  return text;
}
