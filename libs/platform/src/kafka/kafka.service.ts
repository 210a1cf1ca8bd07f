import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Topic } from '@colink/contracts';
import { Admin, Kafka, Producer } from 'kafkajs';
import { Db } from '../database/sql';
import { ReadinessRegistry } from '../health/readiness.registry';
import { MetricsService } from '../metrics/metrics.service';
import { DedupeOptions, DedupeStore, NoDedupeStore } from './dedupe-store';
import { EventConsumer } from './event-consumer';
import { createKafka, createProducer, kafkaReachable } from './kafka-client';
import { ON_TOPIC, TopicHandler } from './on-topic.decorator';
import { OutboxRelay } from './outbox-relay';
import { PostgresDedupeStore } from './postgres-dedupe-store';
import { RedisDedupeStore } from './redis-dedupe-store';

export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');

export interface KafkaSettings {
  service: string;
  brokers: string[];
  /** Topics this service must handle: start fails if one has no handler, or two. */
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
}

/** Finds every `@OnTopic` method of the app's providers, refusing a topic handled twice or not at all. */
export function collectHandlers(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
  consumes: readonly Topic[],
): Map<Topic, TopicHandler<Topic>> {
  const handlers = new Map<Topic, TopicHandler<Topic>>();
  const owners = new Map<Topic, string>();
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const method = instance[name];
      if (typeof method !== 'function') continue;
      const topic = reflector.get<Topic | undefined>(ON_TOPIC, method);
      if (!topic) continue;
      const where = `${instance.constructor.name}.${name}`;
      if (owners.has(topic))
        throw new Error(`topic ${topic} has two handlers: ${owners.get(topic)} and ${where}`);
      owners.set(topic, where);
      handlers.set(topic, (method as TopicHandler<Topic>).bind(instance));
    }
  }
  for (const topic of consumes)
    if (!handlers.has(topic)) throw new Error(`topic ${topic} is consumed but has no @OnTopic handler`);
  for (const topic of handlers.keys())
    if (!consumes.includes(topic))
      throw new Error(`@OnTopic(${topic}) in ${owners.get(topic)} is not listed in consumes`);
  return handlers;
}

/** The service's Kafka side: one idempotent producer, the outbox relay, and the event consumer. */
@Injectable()
export class KafkaService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaService.name);
  readonly kafka: Kafka;
  readonly producer: Producer;
  private readonly admin: Admin;
  private relay?: OutboxRelay;
  private consumer?: EventConsumer;
  private dedupe?: DedupeStore;

  constructor(
    @Inject(KAFKA_SETTINGS) private readonly settings: KafkaSettings,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
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
    const handlers = collectHandlers(this.discovery, this.scanner, this.reflector, this.settings.consumes);
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
    if (handlers.size > 0) {
      const consumerSettings = this.settings.consumer ?? {};
      this.dedupe = this.dedupeStore(consumerSettings.dedupe ?? { store: 'postgres' });
      this.consumer = new EventConsumer({
        kafka: this.kafka,
        producer: this.producer,
        dedupe: this.dedupe,
        groupId: consumerSettings.groupId ?? `colink-${this.settings.service}`,
        fromBeginning: consumerSettings.fromBeginning ?? true,
        acknowledge: consumerSettings.acknowledge,
        handlers,
        onResult: (topic, result) => consumed.inc({ topic, result }),
        onLag: (topic, partition, n) => lag.set({ topic, partition: String(partition) }, n),
      });
      await this.consumer.start();
    }
    this.logger.log({ consumes: [...handlers.keys()] }, 'kafka ready');
  }

  private dedupeStore(options: DedupeOptions): DedupeStore {
    if (options.store === 'redis') return new RedisDedupeStore(options.url, options.ttlS);
    if (options.store === 'none') return new NoDedupeStore();
    if (!this.db) throw new Error('consuming events needs the service database for dedupe');
    return new PostgresDedupeStore(this.db);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.dedupe?.close?.();
    await this.relay?.stop();
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
