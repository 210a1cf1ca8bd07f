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

  it('gives handlers no transaction to write through', async () => {
    await expect(
      store.runOnce(group, randomUUID(), async (tx) => void (await tx.exec('SELECT 1'))),
    ).rejects.toThrow(/no transaction/);
  });
});
