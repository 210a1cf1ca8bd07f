import { Envelope, PayloadOf, Topic, Topics, buildEnvelope, dlqTopic } from '@colink/contracts';
import { TopicReader, stackEnv, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openDataSource } from '../database/database';
import { Db } from '../database/sql';
import { EventConsumer } from './event-consumer';
import { createKafka, createProducer } from './kafka-client';
import { HandlerContext, TopicHandler } from './handler-context';

const schema = `consumer_test_${randomUUID().slice(0, 8)}`;
const topic = Topics.AuditRecorded;

function audit(resourceId: string, action: string): Envelope<typeof topic> {
  const data: PayloadOf<typeof topic> = {
    id: randomUUID(),
    actor_id: null,
    action,
    resource_type: 'test',
    resource_id: resourceId,
    details: {},
    occurred_at: new Date().toISOString(),
  };
  return buildEnvelope(topic, data, { actorId: null });
}

describe('event consumer against real Kafka and Postgres', () => {
  const kafka = createKafka({ brokers: stackEnv.kafkaBrokers, clientId: 'consumer-int-test' });
  const producer = createProducer(kafka);
  const dlq = new TopicReader(kafka);
  const resource = randomUUID(); // one key, so every record of this test is on one partition, in order
  let dataSource: DataSource;
  let consumer: EventConsumer;
  const calls: string[] = [];

  const handler: TopicHandler<typeof topic> = async (event, { tx }: HandlerContext) => {
    calls.push(event.id);
    if (event.data.action === 'always-fails') throw new Error('the handler cannot apply this event');
    await tx.exec(`INSERT INTO "${schema}".effects (event_id, action) VALUES ($1, $2)`, [
      event.id,
      event.data.action,
    ]);
  };

  const send = (value: string | Buffer) => producer.send({ topic, messages: [{ key: resource, value }] });
  /** One produce request: the records land in one record batch, so one fetch brings them all. */
  const sendTogether = (events: Envelope<typeof topic>[]) =>
    producer.send({ topic, messages: events.map((e) => ({ key: resource, value: JSON.stringify(e) })) });
  const effects = async () =>
    (await dataSource.query(`SELECT event_id, action FROM "${schema}".effects ORDER BY seq`)) as Array<{
      event_id: string;
      action: string;
    }>;

  beforeAll(async () => {
    dataSource = await openDataSource({ url: stackEnv.databaseUrl, schema, migrations: [] });
    await dataSource.query(
      `CREATE TABLE "${schema}".effects (seq serial PRIMARY KEY, event_id uuid NOT NULL, action text NOT NULL)`,
    );
    await producer.connect();
    await dlq.start([dlqTopic(topic)]);
    consumer = new EventConsumer({
      kafka,
      producer,
      db: new Db(dataSource),
      groupId: `consumer-int-test-${schema}`,
      handlers: new Map<Topic, TopicHandler<Topic>>([[topic, handler as TopicHandler<Topic>]]),
      maxAttempts: 3,
      retryBaseMs: 20,
      fromBeginning: false,
    });
    await consumer.start();
    // A fresh group starting from the end must have joined before the first record is sent.
    const marker = audit(resource, 'warm-up');
    await waitFor(
      'the consumer to join and handle a first record',
      async () => {
        await send(JSON.stringify({ ...marker, id: randomUUID() }));
        return (await effects()).length > 0;
      },
      30_000,
      1_000,
    );
  });

  afterAll(async () => {
    await consumer.stop();
    await dlq.close();
    await producer.disconnect();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('applies a record delivered twice only once', async () => {
    const event = audit(resource, 'duplicated');
    await send(JSON.stringify(event));
    await send(JSON.stringify(event));
    const after = audit(resource, 'after-duplicate');
    await send(JSON.stringify(after));
    await waitFor('the record after the duplicate', async () =>
      (await effects()).some((e) => e.event_id === after.id),
    );
    expect((await effects()).filter((e) => e.event_id === event.id)).toHaveLength(1);
  });

  it('parks poison records on the DLQ with the error and keeps the partition moving', async () => {
    const badData = { ...audit(resource, 'bad'), data: { id: 'not-a-uuid' } };
    await send('{ this is not json');
    await send(JSON.stringify(badData));
    const next = audit(resource, 'after-poison');
    await send(JSON.stringify(next));

    await waitFor('the record after the poison ones', async () =>
      (await effects()).some((e) => e.event_id === next.id),
    );
    const parked = await waitFor('both poison records on the DLQ', () => {
      const records = dlq.records.filter(
        (r) => r.key === resource && r.headers.dlq_error?.startsWith('contract:'),
      );
      return records.length >= 2 ? records : undefined;
    });
    expect(parked.map((r) => r.value)).toEqual(['{ this is not json', JSON.stringify(badData)]);
    expect(parked[0].headers).toMatchObject({
      dlq_source_topic: topic,
      dlq_error: expect.stringMatching(/not valid JSON/),
    });
    expect(parked[1].headers.dlq_error).toMatch(/data\.id/);
    expect((await effects()).some((e) => e.event_id === badData.id)).toBe(false);
  });

  it('retries a failing handler with backoff, then dead-letters it without a partial effect', async () => {
    const failing = audit(resource, 'always-fails');
    await send(JSON.stringify(failing));
    const next = audit(resource, 'after-failure');
    await send(JSON.stringify(next));

    await waitFor('the record after the failing one', async () =>
      (await effects()).some((e) => e.event_id === next.id),
    );
    expect(calls.filter((id) => id === failing.id)).toHaveLength(3);
    const parked = await waitFor('the failed record on the DLQ', () =>
      dlq.records.find((r) => r.key === resource && r.value === JSON.stringify(failing)),
    );
    expect(parked.headers.dlq_error).toBe('handler: the handler cannot apply this event');
    expect((await effects()).some((e) => e.event_id === failing.id)).toBe(false);
  });
  it('applies the records of one fetch in one transaction, each once, a duplicate among them too', async () => {
    const events = Array.from({ length: 10 }, (_, k) => audit(resource, `together-${k}`));
    await sendTogether([...events.slice(0, 5), events[2], ...events.slice(5)]);
    const last = events[events.length - 1];
    await waitFor('the last record of the batch', async () =>
      (await effects()).some((e) => e.event_id === last.id),
    );
    const ids = new Set(events.map((e) => e.id));
    const applied = (await effects()).filter((e) => ids.has(e.event_id));
    expect(applied.map((e) => e.action)).toEqual(events.map((e) => e.data.action));
    // Rows written by one transaction share its id (xmin): the batch committed once.
    const transactions = (await dataSource.query(
      `SELECT DISTINCT xmin::text AS xid FROM "${schema}".effects WHERE event_id = ANY($1::uuid[])`,
      [[...ids]],
    )) as Array<{ xid: string }>;
    expect(transactions).toHaveLength(1);
  });

  it('dead-letters only the poisoned event of a batch and applies the others once', async () => {
    const before = [audit(resource, 'batch-before-1'), audit(resource, 'batch-before-2')];
    const poisoned = audit(resource, 'always-fails');
    const after = [audit(resource, 'batch-after-1'), audit(resource, 'batch-after-2')];
    await sendTogether([...before, poisoned, ...after]);
    const parked = await waitFor('the poisoned record on the DLQ', () =>
      dlq.records.find((r) => r.key === resource && r.value === JSON.stringify(poisoned)),
    );
    expect(parked.headers.dlq_error).toBe('handler: the handler cannot apply this event');
    await waitFor('the records after the poisoned one', async () =>
      (await effects()).some((e) => e.event_id === after[1].id),
    );
    const good = [...before, ...after];
    const applied = (await effects()).filter((e) => good.some((g) => g.id === e.event_id));
    expect(applied.map((e) => e.action)).toEqual(good.map((g) => g.data.action));
    expect(calls.filter((id) => id === poisoned.id)).toHaveLength(3);
    expect((await effects()).some((e) => e.event_id === poisoned.id)).toBe(false);
    expect(dlq.records.filter((r) => r.value === JSON.stringify(poisoned))).toHaveLength(1);
    expect(dlq.records.some((r) => good.some((g) => r.value === JSON.stringify(g)))).toBe(false);
  });

  it('applies an event from a newer producer that carries fields this consumer does not know', async () => {
    const newer = audit(resource, 'from-a-newer-producer');
    await send(JSON.stringify({ ...newer, region: 'eu-1', data: { ...newer.data, priority: 'high' } }));
    await waitFor('the newer event applied', async () =>
      (await effects()).some((e) => e.event_id === newer.id),
    );
    expect(dlq.records.some((r) => r.value?.includes(newer.id))).toBe(false);
  });

  it('parks an event of an envelope version it cannot read, saying so', async () => {
    const future = { ...audit(resource, 'version-2'), version: 2 };
    await send(JSON.stringify(future));
    const next = audit(resource, 'after-version-2');
    await send(JSON.stringify(next));
    await waitFor('the record after the version 2 one', async () =>
      (await effects()).some((e) => e.event_id === next.id),
    );
    const parked = await waitFor('the version 2 record on the DLQ', () =>
      dlq.records.find((r) => r.value === JSON.stringify(future)),
    );
    expect(parked.headers.dlq_error).toMatch(/^contract: version: envelope version 2 is not the version 1/);
    expect((await effects()).some((e) => e.event_id === future.id)).toBe(false);
  });

  it('with a batch wait, records sent one by one are applied together, each once and in order', async () => {
    // A second group on the same topic whose fetches wait for more records (as channels' does), so a
    // steady trickle is applied in a few transactions instead of one per record.
    const waiting = new EventConsumer({
      kafka,
      producer,
      db: new Db(dataSource),
      groupId: `consumer-int-test-${schema}-waiting`,
      handlers: new Map<Topic, TopicHandler<Topic>>([
        [
          topic,
          (async (event: Parameters<typeof handler>[0], { tx }: HandlerContext) => {
            if (!event.data.action.startsWith('trickle-')) return;
            await tx.exec(`INSERT INTO "${schema}".waited (event_id, action) VALUES ($1, $2)`, [
              event.id,
              event.data.action,
            ]);
          }) as TopicHandler<Topic>,
        ],
      ]),
      fromBeginning: false,
      batchWaitMs: 2_000,
    });
    await dataSource.query(
      `CREATE TABLE "${schema}".waited (seq serial PRIMARY KEY, event_id uuid NOT NULL, action text NOT NULL)`,
    );
    await waiting.start();
    try {
      const marker = audit(resource, 'trickle-warm-up');
      const waited = async () =>
        (await dataSource.query(
          `SELECT event_id, action, xmin::text AS xid FROM "${schema}".waited ORDER BY seq`,
        )) as Array<{
          event_id: string;
          action: string;
          xid: string;
        }>;
      await waitFor(
        'the waiting consumer to join and handle a first record',
        async () => {
          await send(JSON.stringify({ ...marker, id: randomUUID() }));
          return (await waited()).length > 0;
        },
        30_000,
        2_500,
      );
      const events = Array.from({ length: 8 }, (_, k) => audit(resource, `trickle-${k}`));
      for (const event of events) await send(JSON.stringify(event)); // eight produce requests
      await send(JSON.stringify(events[3])); // and a duplicate
      const ids = new Set(events.map((e) => e.id));
      const applied = await waitFor('every record of the trickle', async () => {
        const rows = (await waited()).filter((row) => ids.has(row.event_id));
        return rows.length >= events.length ? rows : undefined;
      });
      expect(applied.map((row) => row.action)).toEqual(events.map((e) => e.data.action));
      // Rows written by one transaction share its id (xmin): fewer transactions than records.
      expect(new Set(applied.map((row) => row.xid)).size).toBeLessThan(events.length);
    } finally {
      await waiting.stop();
    }
  });
});
