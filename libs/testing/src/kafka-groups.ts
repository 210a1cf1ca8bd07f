import { ALL_TOPICS } from '@colink/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { stackEnv } from './stack-env';

/**
 * Commits the topics' current end for a consumer group that has no live members (a new one), so a
 * service under test starts there instead of replaying every topic's history. By default it seeks
 * every contract topic, so no test keeps its own copy of what a service consumes. It joins the group
 * once with a paused consumer and commits: faster here than one admin `setOffsets` per topic.
 */
export async function seekGroupToEnd(groupId: string, topics: readonly string[] = ALL_TOPICS): Promise<void> {
  const kafka = new Kafka({
    clientId: 'colink-test-seek',
    brokers: stackEnv.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await Promise.all(
    topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })),
  );
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: false });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    consumer.pause(topics.map((topic) => ({ topic })));
    await joined;
    await consumer.commitOffsets(
      ends.flatMap(({ topic, offsets }) =>
        offsets.map(({ partition, high }) => ({ topic, partition, offset: high })),
      ),
    );
  } finally {
    await consumer.disconnect();
  }
}
