import { Kafka, logLevel } from 'kafkajs';
import { stackEnv } from './stack-env';

/**
 * Commits the topics' current end for a consumer group that has no live members (a new one), so a
 * service under test starts there instead of replaying every topic's history.
 */
export async function seekGroupToEnd(groupId: string, topics: string[]): Promise<void> {
  const kafka = new Kafka({
    clientId: 'colink-test-seek',
    brokers: stackEnv.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
