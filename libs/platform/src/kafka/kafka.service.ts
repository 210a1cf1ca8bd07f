import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { Envelope, EnvelopeMeta, PayloadOf, Topic, buildEnvelope, keyOf } from '@colink/contracts';
import { Admin, Kafka, Producer } from 'kafkajs';
import { Db } from '../database/sql';
import { RequestContext } from '../context/request-context';
import { currentTraceparent } from '../tracing/tracing';
import { ReadinessRegistry } from '../health/readiness.registry';
import { MetricsService } from '../metrics/metrics.service';
import { DedupeOptions, DedupeStore, NoDedupeStore } from './dedupe-store';
import { KafkaEventTransport } from './event-transport';
import { createKafka, createProducer, kafkaReachable } from './kafka-client';
import { OutboxRelay } from './outbox-relay';
import { PostgresDedupeStore } from './postgres-dedupe-store';
import { RedisDedupeStore } from './redis-dedupe-store';

export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');

export interface KafkaSettings {
  service: string;
  brokers: string[];
  /** Topics this service must handle: listening fails if one has no `@EventPattern` handler, or two. */
  consumes: Topic[];
  outbox?: { databaseUrl: string; schema: string };
  consumer?: ConsumerSettings;
}

/** How the service's consumer joins and dedupes; defaults: group `colink-<service>`, from the beginning, Postgres. */
export interface ConsumerSettings {
  /** A consumer group of its own (e.g. one per instance, so every instance gets every event). */
  groupId?: string;
  fromBeginning?: boolean;
  dedupe?: DedupeOptions;
  /** See `EventConsumerOptions.acknowledge`: `deferred` for handlers that buffer and commit later. */
  acknowledge?: 'on-return' | 'deferred';
  /** See `EventConsumerOptions.batchWaitMs`: fuller batches for effects that may land a little later. */
  batchWaitMs?: number;
}

/**
 * The service's Kafka side: one idempotent producer and the outbox relay, and the transport that
 * serves its `@EventPattern` handlers (`eventTransport`, connected by `bootstrapService`).
 */
@Injectable()
export class KafkaService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaService.name);
  readonly kafka: Kafka;
  readonly producer: Producer;
  private readonly admin: Admin;
  private relay?: OutboxRelay;
  private dedupe?: DedupeStore;
  private transport?: KafkaEventTransport;

  constructor(
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    private readonly metrics: MetricsService,
    readiness: ReadinessRegistry,
    @Optional() private readonly db?: Db,
  ) {
    this.kafka = createKafka({ brokers: settings.brokers, clientId: `colink-${settings.service}` });
    this.producer = createProducer(this.kafka);
    this.admin = this.kafka.admin();
    readiness.register('kafka', () => kafkaReachable(this.admin));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    const backlog = this.metrics.gauge(
      'colink_outbox_backlog',
      'Outbox rows committed but not yet published to Kafka',
    );
    const backlogAge = this.metrics.gauge(
      'colink_outbox_oldest_age_seconds',
      'Age of the oldest outbox row not yet published to Kafka (0 when none)',
    );
    const published = this.metrics.counter(
      'colink_events_published_total',
      'Events published from the outbox',
    );
    if (this.settings.outbox) {
      this.relay = new OutboxRelay({
        ...this.settings.outbox,
        producer: this.producer,
        onBacklog: (n, ageS) => {
          backlog.set(n);
          backlogAge.set(ageS);
        },
        onPublished: (n) => published.inc(n),
      });
      this.relay.start();
    }
    this.logger.log({ consumes: this.settings.consumes }, 'kafka ready');
  }

  /**
   * The transport for the service's `@EventPattern` handlers. It
   * reports, per topic, the consumer lag in records and the projection lag: from an event's
   * `occurred_at` to its effects committing here.
   */
  eventTransport(): KafkaEventTransport {
    if (this.transport) return this.transport;
    const lag = this.metrics.gauge(
      'colink_kafka_consumer_lag',
      'Records behind the end of each consumed partition',
      ['topic', 'partition'],
    );
    const consumed = this.metrics.counter(
      'colink_events_consumed_total',
      'Events consumed, by topic and result',
      ['topic', 'result'],
    );
    const applied = this.metrics.histogram(
      'colink_projection_lag_seconds',
      'From an event occurring at its producer to its effects committed by this consumer group',
      ['group', 'topic'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    );
    const consumerSettings = this.settings.consumer ?? {};
    const groupId = consumerSettings.groupId ?? `colink-${this.settings.service}`;
    this.transport = new KafkaEventTransport({
      kafka: this.kafka,
      producer: this.producer,
      dedupe: () => (this.dedupe = this.dedupeStore(consumerSettings.dedupe ?? { store: 'postgres' })),
      groupId,
      fromBeginning: consumerSettings.fromBeginning ?? true,
      acknowledge: consumerSettings.acknowledge,
      batchWaitMs: consumerSettings.batchWaitMs,
      consumes: this.settings.consumes,
      onResult: (topic, result) => consumed.inc({ topic, result }),
      onLag: (topic, partition, n) => lag.set({ topic, partition: String(partition) }, n),
      onApplied: (topic, occurredAt) =>
        applied.observe({ group: groupId, topic }, Math.max(0, Date.now() - Date.parse(occurredAt)) / 1000),
    });
    return this.transport;
  }

  /**
   * Publishes one event straight to Kafka (acks from all in-sync replicas), for state that has no
   * database and so no outbox (presence). The envelope, partition key and headers are built as the
   * outbox builds them; a payload off the contract throws before anything is sent.
   */
  async publish<T extends Topic>(
    topic: T,
    data: PayloadOf<T>,
    meta: Partial<EnvelopeMeta> = {},
  ): Promise<Envelope<T>> {
    const ctx = RequestContext.current();
    const envelope = buildEnvelope(topic, data, {
      actorId: meta.actorId ?? ctx?.actorId ?? null,
      traceId: meta.traceId ?? ctx?.traceId,
      id: meta.id,
      occurredAt: meta.occurredAt,
    });
    const headers: Record<string, string> = { trace_id: envelope.trace_id, event_id: envelope.id };
    if (ctx?.requestId) headers.request_id = ctx.requestId;
    const traceparent = currentTraceparent();
    if (traceparent) headers.traceparent = traceparent;
    await this.producer.send({
      topic,
      acks: -1,
      messages: [{ key: keyOf(topic, envelope.data), value: JSON.stringify(envelope), headers }],
    });
    return envelope;
  }

  private dedupeStore(options: DedupeOptions): DedupeStore {
    if (options.store === 'redis') return new RedisDedupeStore(options.url, options.ttlS);
    if (options.store === 'none') return new NoDedupeStore();
    if (!this.db) throw new Error('consuming events needs the service database for dedupe');
    return new PostgresDedupeStore(this.db);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport?.close();
    await this.dedupe?.close?.();
    await this.relay?.stop();
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
