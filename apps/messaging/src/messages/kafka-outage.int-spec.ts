import { Topics } from '@colink/contracts';
import { TopicReader, waitFor } from '@colink/testing';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BuiltService, call, kafka, makeUser } from '../testing/harness';

// The broker is shared with everyone on this machine: the outage is kept short and always ended.
const stackScript = join(__dirname, '..', '..', '..', '..', 'tools', 'stack', 'stack.sh');
const stack = (action: 'stop' | 'start') =>
  execFileSync('bash', [stackScript, action, 'kafka'], { stdio: 'pipe', timeout: 120_000 });

const run = randomUUID().slice(0, 8);
const channels = new BuiltService('channels', 14112, run);
const messaging = new BuiltService('messaging', 14113, run);
const reader = new TopicReader(kafka());
const alice = makeUser('alice');
let kafkaStopped = false;

beforeAll(async () => {
  await Promise.all([channels.start(), messaging.start()]);
  await reader.start([Topics.MessageCreated]);
}, 120_000);

afterAll(async () => {
  if (kafkaStopped) stack('start');
  await reader.close();
  await Promise.all([channels.stop(), messaging.stop()]);
  await Promise.all([channels.dropSchema(), messaging.dropSchema()]);
}, 180_000);

it('keeps taking posts while Kafka is down, then delivers their events in order and once', async () => {
  const created = await call(channels.url, alice, 'POST', '/api/v1/channels', {
    name: `outage-${run}`,
    is_private: false,
  });
  expect(created.status).toBe(201);
  const channelId = created.body.id as string;
  await messaging.waitForMembers(channelId, [alice.sub]);
  const postOne = (n: number) =>
    call(messaging.url, alice, 'POST', `/api/v1/channels/${channelId}/messages`, { content: `message ${n}` });
  const seqsOnKafka = () =>
    reader
      .envelopes<{ data: { channel_id: string; seq: number } }>(Topics.MessageCreated)
      .filter((envelope) => envelope.data.channel_id === channelId)
      .map((envelope) => envelope.data.seq);

  for (const n of [1, 2]) expect((await postOne(n)).status).toBe(201);
  await waitFor('the first events', () => seqsOnKafka().length === 2);

  kafkaStopped = true;
  stack('stop');
  try {
    for (const n of [3, 4, 5, 6, 7]) {
      const posted = await postOne(n);
      expect(posted.status).toBe(201);
      expect(posted.body.seq).toBe(n);
    }
  } finally {
    stack('start');
    kafkaStopped = false;
  }

  await waitFor('the events held back by the outage', () => seqsOnKafka().length >= 7, 90_000, 250);
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would arrive by now
  expect(seqsOnKafka()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  const keys = new Set(
    reader.records.filter((r) => r.value?.includes(channelId)).map((record) => record.key),
  );
  expect([...keys]).toEqual([channelId]);
}, 240_000);
