import { createHash } from 'node:crypto';
import { RedisClient } from '@colink/platform';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Entry =
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; response: StoredResponse };

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-flight' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What makes two requests "the same request": method, path with query, and body. */
export function fingerprint(method: string, url: string, body: string): string {
  return createHash('sha256').update(`${method}\n${url}\n${body}`).digest('base64url');
}

/**
 * `Idempotency-Key` records in Redis, per user and key, for the TTL (24 h by default). The first
 * request claims the key with SET NX; a concurrent twin waits for its response and replays it.
 */
export class IdempotencyStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly ttlS: number,
    private readonly waitMs = 20_000,
  ) {}

  private key(userId: string, idempotencyKey: string): string {
    return `idempotency:${userId}:${createHash('sha256').update(idempotencyKey).digest('base64url')}`;
  }

  async claim(userId: string, idempotencyKey: string, print: string): Promise<Claim> {
    const key = this.key(userId, idempotencyKey);
    const pending: Entry = { state: 'pending', fingerprint: print };
    // The pending claim expires sooner than the record, so a gateway that dies mid-request frees the key.
    const claimed = await this.redis.set(key, JSON.stringify(pending), {
      expiration: { type: 'EX', value: Math.ceil(this.waitMs / 1000) * 3 },
      condition: 'NX',
    });
    if (claimed === 'OK') return { kind: 'claimed' };
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const raw = await this.redis.get(key);
      if (raw === null) return this.claim(userId, idempotencyKey, print);
      const entry = JSON.parse(raw) as Entry;
      if (entry.fingerprint !== print) return { kind: 'mismatch' };
      if (entry.state === 'done') return { kind: 'replay', response: entry.response };
      if (Date.now() > deadline) return { kind: 'in-flight' };
      await sleep(50);
    }
  }

  async complete(
    userId: string,
    idempotencyKey: string,
    print: string,
    response: StoredResponse,
  ): Promise<void> {
    const entry: Entry = { state: 'done', fingerprint: print, response };
    await this.redis.set(this.key(userId, idempotencyKey), JSON.stringify(entry), {
      expiration: { type: 'EX', value: this.ttlS },
    });
  }

  /** A failure on our side is not an answer to keep: the client may retry with the same key. */
  async release(userId: string, idempotencyKey: string): Promise<void> {
    await this.redis.del(this.key(userId, idempotencyKey));
  }
}
