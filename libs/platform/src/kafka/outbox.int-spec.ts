import { PayloadOf, Topics } from '@colink/contracts';
import { TopicReader, stackEnv, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openDataSource } from '../database/database';
import { Db } from '../database/sql';
import { createKafka, createProducer } from './kafka-client';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

const schema = `outbox_test_${randomUUID().slice(0, 8)}`;
const topic = Topics.AuditRecorded;

function auditEvent(resourceId: string, n: number): PayloadOf<typeof topic> {
  return {
    id: randomUUID(),
    actor_id: null,
    action: 'test.outbox',
    resource_type: 'test',
    resource_id: resourceId,
    details: { n },
    occurred_at: new Date().toISOString(),
  };
}

describe('transactional outbox against real Postgres and Kafka', () => {
  const kafka = createKafka({ brokers: stackEnv.kafkaBrokers, clientId: 'outbox-int-test' });
  const producer = createProducer(kafka);
  const reader = new TopicReader(kafka);
  const outbox = new Outbox(schema);
  let dataSource: DataSource;
  let db: Db;
  const relays: OutboxRelay[] = [];

  const relay = (batchSize: number) => {
    const instance = new OutboxRelay({ databaseUrl: stackEnv.databaseUrl, schema, producer, batchSize });
    relays.push(instance);
    return instance;
  };

  beforeAll(async () => {
    dataSource = await openDataSource({ url: stackEnv.databaseUrl, schema, migrations: [] });
    db = new Db(dataSource);
    await producer.connect();
    await reader.start([topic]);
  });

  afterAll(async () => {
    for (const instance of relays) await instance.stop();
    await reader.close();
    await producer.disconnect();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const seenIds = (resourceId: string) =>
    reader
      .envelopes<{ id: string; data: { resource_id: string; details: { n: number } } }>(topic)
      .filter((envelope) => envelope.data.resource_id === resourceId);

  it('never publishes an event whose transaction rolled back, and publishes the committed one', async () => {
    const resource = randomUUID();
    let rolledBackId = '';
    await expect(
      db.transaction(async (tx) => {
        rolledBackId = (await outbox.enqueue(tx, topic, auditEvent(resource, 1), { actorId: null })).id;
        throw new Error('business rule failed after the event was written');
      }),
    ).rejects.toThrow('business rule failed');
    const committed = await db.transaction((tx) =>
      outbox.enqueue(tx, topic, auditEvent(resource, 2), { actorId: null }),
    );

    relay(50).start();
    await waitFor('the committed event on Kafka', () => seenIds(resource).some((e) => e.id === committed.id));
    const [{ count }] = await dataSource.query(
      `SELECT count(*)::int AS count FROM "${schema}".outbox WHERE id = $1`,
      [rolledBackId],
    );
    expect(count).toBe(0);
    expect(seenIds(resource).map((e) => e.id)).toEqual([committed.id]);
    await relays.pop()!.stop();
  });

  it('publishes every committed event exactly once and in order when the relay restarts mid-backlog', async () => {
    const resource = randomUUID();
    const total = 300;
    const ids: string[] = [];
    for (let n = 0; n < total; n += 30) {
      await db.transaction(async (tx) => {
        for (let i = n; i < n + 30; i += 1)
          ids.push((await outbox.enqueue(tx, topic, auditEvent(resource, i), { actorId: null })).id);
      });
    }
    const first = relay(10);
    first.start();
    const sentBeforeRestart = await waitFor(
      'part of the backlog to be sent',
      async () => {
        const [{ sent }] = await dataSource.query(
          `SELECT count(*)::int AS sent FROM "${schema}".outbox WHERE sent_at IS NOT NULL AND headers->>'trace_id' IS NOT NULL AND value->'data'->>'resource_id' = $1`,
          [resource],
        );
        return sent >= 10 ? (sent as number) : undefined;
      },
      20_000,
      5,
    );
    await first.stop();
    const [{ unsent }] = await dataSource.query(
      `SELECT count(*)::int AS unsent FROM "${schema}".outbox WHERE sent_at IS NULL`,
    );
    expect(sentBeforeRestart).toBeLessThan(total);
    expect(unsent).toBeGreaterThan(0);

    relay(25).start();
    await waitFor('the whole backlog on Kafka', () => seenIds(resource).length >= total, 30_000);
    // Give a duplicate, if any, the time to show up.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const seen = seenIds(resource);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((e) => e.id)).size).toBe(total);
    expect(seen.map((e) => e.id)).toEqual(ids);
  });

  it('holds events while Kafka refuses them and delivers them once it accepts again', async () => {
    for (const instance of relays.splice(0)) await instance.stop(); // release the relay lock
    const resource = randomUUID();
    const unreachable = createProducer(
      createKafka({ brokers: ['127.0.0.1:1'], clientId: 'outbox-down-test', retries: 1 }),
    );
    const stuck = new OutboxRelay({
      databaseUrl: stackEnv.databaseUrl,
      schema,
      producer: unreachable,
      batchSize: 10,
    });
    relays.push(stuck);
    const event = await db.transaction((tx) =>
      outbox.enqueue(tx, topic, auditEvent(resource, 1), { actorId: null }),
    );
    stuck.start();
    await waitFor(
      'a failed attempt to be recorded',
      async () => {
        const [row] = await dataSource.query(
          `SELECT attempts, sent_at FROM "${schema}".outbox WHERE id = $1`,
          [event.id],
        );
        return row.attempts > 0 && row.sent_at === null;
      },
      30_000,
      200,
    );
    await relays.pop()!.stop();

    relay(10).start();
    await waitFor('the held event on Kafka', () => seenIds(resource).length === 1, 20_000);
    expect(seenIds(resource)[0].id).toBe(event.id);
  });
});
