import { randomUUID } from 'node:crypto';
import { Consumer, IHeaders, Kafka } from 'kafkajs';

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined) out[name] = value.toString();
  return out;
}

/**
 * Reads topics from their current end, in a throwaway consumer group, collecting every record so
 * tests can assert what reached Kafka (and what did not). Call `close()` in afterAll.
 */
export class TopicReader {
  readonly records: ReadRecord[] = [];
  private consumer?: Consumer;

  constructor(private readonly kafka: Kafka) {}

  async start(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const topic of topics) ends.set(topic, await admin.fetchTopicOffsets(topic));
    await admin.disconnect();
    const consumer = this.kafka.consumer({ groupId: `test-reader-${randomUUID()}` });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const ready = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const end = ends.get(topic)?.find((p) => p.partition === partition)?.offset ?? '0';
        if (BigInt(message.offset) < BigInt(end)) return;
        this.records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: headersOf(message.headers),
        });
      },
    });
    await ready;
    // Straight to the recorded ends: from the beginning, a topic with a long history (a stack that has
    // run benches holds millions of records) takes longer to skip than a test waits. Records fetched
    // before the seek lands are below the ends and skipped above.
    for (const [topic, partitions] of ends)
      for (const { partition, offset } of partitions) consumer.seek({ topic, partition, offset });
  }

  envelopes<T = { id: string; type: string; data: unknown }>(topic?: string): T[] {
    return this.records
      .filter((record) => (topic ? record.topic === topic : true) && record.value)
      .flatMap((record) => {
        try {
          return [JSON.parse(record.value!) as T];
        } catch {
          return [];
        }
      });
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
