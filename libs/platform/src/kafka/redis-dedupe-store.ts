import { Tx } from '../database/sql';
import { RedisClient, connectRedis, createRedisClient } from '../redis/redis.service';
import { DedupeStore, NO_TRANSACTION } from './dedupe-store';

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
    const key = `colink:processed:${groupId}:${eventId}`;
    await this.connected;
    const claimed = await this.redis.set(key, '1', {
      expiration: { type: 'EX', value: this.ttlS },
      condition: 'NX',
    });
    if (claimed !== 'OK') return false;
    try {
      await apply(NO_TRANSACTION);
    } catch (error) {
      await this.redis.del(key);
      throw error;
    }
    return true;
  }

  async close(): Promise<void> {
    await this.connected.catch(() => undefined);
    if (this.redis.isOpen) await this.redis.close();
  }
}
