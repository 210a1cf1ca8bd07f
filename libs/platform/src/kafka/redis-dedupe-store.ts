import { Tx } from '../database/sql';
import { RedisClient, connectRedis, createRedisClient } from '../redis/redis.service';
import { BatchItem, DedupeStore, NO_TRANSACTION } from './dedupe-store';

/**
 * Dedupe for services without a database: `SET NX EX` claims the event id before the handler runs
 * and a failing handler frees it for the retry. Effects are at-least-once across a crash between the
 * claim and the handler's end, which suits handlers whose effects are not durable (socket emits).
 */
export class RedisDedupeStore implements DedupeStore {
  private readonly redis: RedisClient;
  private readonly connected: Promise<RedisClient>;

  constructor(
    url: string,
    private readonly ttlS = 24 * 3600,
  ) {
    this.redis = createRedisClient(url, 'colink-dedupe');
    this.connected = connectRedis(this.redis);
    this.connected.catch(() => undefined); // the first claim reports it
  }

  async runOnce(groupId: string, eventId: string, apply: (tx: Tx) => Promise<void>): Promise<boolean> {
    const key = this.key(groupId, eventId);
    await this.connected;
    const claimed = await this.redis.set(key, '1', this.claim);
    if (claimed !== 'OK') return false;
    try {
      await apply(NO_TRANSACTION);
    } catch (error) {
      await this.redis.del(key);
      throw error;
    }
    return true;
  }

  /**
   * Claims every event of the batch in one pipelined round trip, then applies the claimed ones in
   * order. When one fails, its claim and the claims of those after it are freed (the ones before keep
   * theirs: their effects happened), and the error propagates.
   */
  async runBatch(groupId: string, items: readonly BatchItem[]): Promise<boolean[]> {
    const keys = items.map((item) => this.key(groupId, item.eventId));
    await this.connected;
    const pipeline = this.redis.multi();
    for (const key of keys) pipeline.set(key, '1', this.claim);
    const claimed = ((await pipeline.execAsPipeline()) as unknown[]).map((reply) => reply === 'OK');
    for (const [index, item] of items.entries()) {
      if (!claimed[index]) continue;
      try {
        await item.apply(NO_TRANSACTION);
      } catch (error) {
        const held = keys.filter((_key, later) => later >= index && claimed[later]);
        await this.redis.del(held);
        throw error;
      }
    }
    return claimed;
  }

  private get claim() {
    return { expiration: { type: 'EX' as const, value: this.ttlS }, condition: 'NX' as const };
  }

  private key(groupId: string, eventId: string): string {
    return `colink:processed:${groupId}:${eventId}`;
  }

  async close(): Promise<void> {
    await this.connected.catch(() => undefined);
    if (this.redis.isOpen) await this.redis.close();
  }
}
