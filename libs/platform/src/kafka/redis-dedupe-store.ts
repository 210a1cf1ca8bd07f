import Redis from 'ioredis';
import { Tx } from '../database/sql';
import { DedupeStore, NO_TRANSACTION } from './dedupe-store';

/**
 * Dedupe for services without a database: `SET NX EX` claims the event id before the handler runs
 * and a failing handler frees it for the retry. Effects are at-least-once across a crash between the
 * claim and the handler's end, which suits handlers whose effects are not durable (socket emits).
 */
export class RedisDedupeStore implements DedupeStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly ttlS = 24 * 3600,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined);
  }

  async runOnce(groupId: string, eventId: string, apply: (tx: Tx) => Promise<void>): Promise<boolean> {
    const key = `colink:processed:${groupId}:${eventId}`;
    const claimed = await this.redis.set(key, '1', 'EX', this.ttlS, 'NX');
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
    await this.redis.quit().catch(() => undefined);
  }
}
