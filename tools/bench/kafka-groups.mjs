// Consumer groups for benches: a group a bench's service starts under begins at the topics' current
// end, so the run counts its own events rather than the topics' history (a new group reads from the
// start). The TypeScript twin for tests is libs/testing's kafka-groups.ts.

/**
 * Commits the current end of every partition of `topics` (those that exist; every topic when none
 * are named) for `groupId`: one member joins, commits and leaves (admin.setOffsets joins once a topic).
 */
export async function seekGroupToEnd(kafka, groupId, topics) {
  const admin = kafka.admin();
  await admin.connect();
  let present;
  let ends;
  try {
    const existing = (await admin.listTopics()).filter((topic) => !topic.startsWith('__'));
    present = topics ? topics.filter((topic) => existing.includes(topic)) : existing;
    ends = await Promise.all(
      present.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })),
    );
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: present, fromBeginning: false });
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    consumer.pause(present.map((topic) => ({ topic })));
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
