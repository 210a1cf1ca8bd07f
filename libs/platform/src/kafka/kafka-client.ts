import { Logger } from '@nestjs/common';
import { Admin, Kafka, LogEntry, Partitioners, Producer, logLevel } from 'kafkajs';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** Connection retries before a send fails over to the caller's own retry (the outbox relay's). */
  retries?: number;
}

function logCreator() {
  const logger = new Logger('kafkajs');
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    if (level <= logLevel.ERROR) logger.error({ ...extra }, message);
    else if (level === logLevel.WARN) logger.warn({ ...extra }, message);
  };
}

/** kafkajs' admin client, for services that read offsets (search's reindex) without importing kafkajs. */
export type KafkaAdmin = Admin;

export function createKafka(options: KafkaOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 200, retries: options.retries ?? 8, maxRetryTime: 5_000 },
    connectionTimeout: 3_000,
  });
}

/**
 * kafkajs marks its idempotent producer experimental; it is on to cut duplicates from producer
 * retries, while correctness rests on the outbox and on consumers deduping by event id.
 */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

export async function kafkaReachable(admin: Admin): Promise<void> {
  await admin.connect();
  await admin.describeCluster();
}
