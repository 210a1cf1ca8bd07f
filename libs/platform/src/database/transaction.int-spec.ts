import { stackEnv } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openDataSource } from './database';
import { Db, Tx } from './sql';

const schema = `tx_test_${randomUUID().slice(0, 8)}`;

describe('Db.transaction against real Postgres', () => {
  let dataSource: DataSource;
  let db: Db;

  beforeAll(async () => {
    dataSource = await openDataSource({ url: stackEnv.databaseUrl, schema, migrations: [] });
    db = new Db(dataSource);
    await db.exec(`CREATE TABLE ${db.schema}.counters (id text PRIMARY KEY, n int NOT NULL)`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const value = async (id: string) =>
    (await db.one<{ n: number }>(`SELECT n FROM ${db.schema}.counters WHERE id = $1`, [id]))?.n;

  it('commits both sides of a deadlock: the one Postgres aborts is run again', async () => {
    await db.exec(`INSERT INTO ${db.schema}.counters (id, n) VALUES ('a', 0), ('b', 0)`);
    // Two transactions take the same two rows in opposite orders; each waits until the other holds
    // its first row, so Postgres must abort one of them (deadlock_detected) on the first attempt.
    let holding = 0;
    let bothHold!: () => void;
    const barrier = new Promise<void>((resolve) => (bothHold = resolve));
    const bump = (tx: Tx, id: string) =>
      tx.exec(`UPDATE ${db.schema}.counters SET n = n + 1 WHERE id = $1`, [id]);
    const runs = { ab: 0, ba: 0 };
    const crossing = (first: string, second: string, key: 'ab' | 'ba') =>
      db.transaction(async (tx) => {
        runs[key] += 1;
        await bump(tx, first);
        holding += 1;
        if (holding === 2) bothHold();
        await barrier;
        await bump(tx, second);
      });

    await Promise.all([crossing('a', 'b', 'ab'), crossing('b', 'a', 'ba')]);

    // Each transaction's two updates committed exactly once: a = b = 2.
    expect(await value('a')).toBe(2);
    expect(await value('b')).toBe(2);
    // One of them met the deadlock and was run a second time.
    expect(runs.ab + runs.ba).toBe(3);
  });

  it('does not rerun a transaction that failed for another reason', async () => {
    let runs = 0;
    await expect(
      db.transaction(async (tx) => {
        runs += 1;
        await tx.exec(`INSERT INTO ${db.schema}.counters (id, n) VALUES ('c', 1)`);
        await tx.exec(`INSERT INTO ${db.schema}.counters (id, n) VALUES ('c', 1)`);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
    expect(await value('c')).toBeUndefined();
  });
});
