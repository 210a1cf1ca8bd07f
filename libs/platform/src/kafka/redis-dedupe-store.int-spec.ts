import { stackEnv } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { RedisDedupeStore } from './redis-dedupe-store';

describe('RedisDedupeStore against real Redis', () => {
  const store = new RedisDedupeStore(stackEnv.redisUrl, 60);
  const group = `dedupe-test-${randomUUID()}`;
  afterAll(() => store.close());

  it('applies an event once, however often it is delivered, also concurrently', async () => {
    const id = randomUUID();
    let applied = 0;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.runOnce(group, id, async () => {
          applied += 1;
        }),
      ),
    );
    expect(applied).toBe(1);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.runOnce(group, id, async () => void (applied += 1))).toBe(false);
    expect(applied).toBe(1);
  });

  it('frees the event for a retry when the handler fails', async () => {
    const id = randomUUID();
    await expect(
      store.runOnce(group, id, async () => {
        throw new Error('transient');
      }),
    ).rejects.toThrow('transient');
    let applied = 0;
    expect(await store.runOnce(group, id, async () => void (applied += 1))).toBe(true);
    expect(applied).toBe(1);
  });

  it('applies a batch in order, each event once, and after a failure frees only what did not happen', async () => {
    const [done, again, failing, later] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await store.runOnce(group, again, async () => undefined);
    const order: string[] = [];
    const item = (id: string, fail = false) => ({
      eventId: id,
      apply: async () => {
        if (fail) throw new Error('transient');
        order.push(id);
      },
    });
    await expect(
      store.runBatch(group, [item(done), item(again), item(done), item(failing, true), item(later)]),
    ).rejects.toThrow('transient');
    expect(order).toEqual([done]);
    // One at a time afterwards: what was applied stays applied, the rest runs.
    const ran = [];
    for (const id of [done, again, failing, later])
      ran.push(await store.runOnce(group, id, async () => void order.push(id)));
    expect(ran).toEqual([false, false, true, true]);
    expect(order).toEqual([done, failing, later]);
    expect(await store.runBatch(group, [item(randomUUID()), item(later)])).toEqual([true, false]);
  });

  it('gives handlers no transaction to write through', async () => {
    await expect(
      store.runOnce(group, randomUUID(), async (tx) => void (await tx.exec('SELECT 1'))),
    ).rejects.toThrow(/no transaction/);
  });
});
