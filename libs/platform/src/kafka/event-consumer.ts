import { Envelope, Topic, dlqTopic, parseEnvelope } from '@colink/contracts';
import { Logger } from '@nestjs/common';
import { Consumer, EachMessagePayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { RequestContext } from '../context/request-context';
import { Db } from '../database/sql';
import { SpanKind, contextFromTraceparent, withSpan } from '../tracing/tracing';
import { DedupeStore } from './dedupe-store';
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
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Consumes the topics that have handlers. Each record is validated against the contract before its
 * handler runs; the dedupe store applies it once per event id (with Postgres, the handler's effects
 * and the dedupe mark commit in one transaction). A handler that keeps failing, or a record that breaks the
 * contract, is parked on `<topic>.dlq` with the error, and the partition moves on.
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
      eachMessage: (payload) => this.handle(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async handle({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const handler = this.options.handlers.get(topic as Topic);
    if (!handler) return;
    const parsed = parseEnvelope(topic as Topic, message.value ?? Buffer.alloc(0));
    if (!parsed.ok) {
      await this.deadLetter(topic as Topic, message, partition, `contract: ${parsed.issues.join('; ')}`);
      return;
    }
    const envelope = parsed.envelope;
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await this.applyOnce(envelope, handler, partition, message, heartbeat);
        this.options.onResult?.(envelope.type, applied ? 'handled' : 'duplicate');
        if (applied) this.options.onApplied?.(envelope.type, envelope.occurred_at);
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= maxAttempts) {
          this.logger.error({ err: error, event_id: envelope.id, topic }, 'handler failed, dead-lettering');
          await this.deadLetter(envelope.type, message, partition, `handler: ${reason}`);
          return;
        }
        await sleep((this.options.retryBaseMs ?? 200) * 2 ** (attempt - 1));
      }
    }
  }

  private async applyOnce(
    envelope: Envelope,
    handler: TopicHandler<Topic>,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<boolean> {
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
        this.dedupe.runOnce(this.options.groupId, envelope.id, (tx) =>
          handler(envelope, { tx, partition, offset, headers, commit, heartbeat }),
        ),
      ),
    );
  }

  private async commitThrough(topic: Topic, partition: number, offset: string): Promise<void> {
    const next = (BigInt(offset) + 1n).toString();
    await this.consumer?.commitOffsets([{ topic, partition, offset: next }]);
  }

  private async deadLetter(
    topic: Topic,
    message: EachMessagePayload['message'],
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
