import { RedisClient } from '@colink/platform';

export interface Budget {
  key: string;
  limit: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterS: number;
}

// Fixed windows, counted atomically for every budget of a request in one round trip.
// Returns, per key, the count so far and the window's remaining milliseconds.
const CONSUME = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out
`;

/** Budgets remembered as spent, at most: past it the memory starts again (Redis still counts). */
const MAX_SPENT = 10_000;

/** Rate limits kept in Redis, so every gateway replica shares one budget per user and per IP. */
export class RateLimiter {
  /** Budgets this replica saw spent, until their window ends (ms): refused again without Redis. */
  private readonly spent = new Map<string, number>();

  constructor(
    private readonly redis: RedisClient,
    private readonly windowS: number,
    private readonly keyPrefix = 'ratelimit',
  ) {}

  /** The most restrictive decision over the budgets, all counted in one round trip. */
  async consume(budgets: Budget[]): Promise<RateDecision> {
    let decision: RateDecision = { allowed: true, limit: Infinity, remaining: Infinity, retryAfterS: 0 };
    for (const one of await this.consumeEach(budgets)) {
      if (!one.allowed) decision = one;
      else if (decision.allowed && one.remaining < decision.remaining) decision = one;
    }
    return decision;
  }

  /** A decision per budget, in the order given, all counted in one round trip. */
  async consumeEach(budgets: Budget[]): Promise<RateDecision[]> {
    const windowMs = this.windowS * 1000;
    const slot = Math.floor(Date.now() / windowMs);
    const keys = budgets.map((budget) => `${this.keyPrefix}:${budget.key}:${slot}`);
    const result = (await this.redis.eval(CONSUME, {
      keys,
      arguments: [String(windowMs)],
    })) as unknown as number[];
    return budgets.map((budget, i) => {
      const count = result[i * 2];
      const ttlMs = result[i * 2 + 1];
      if (count <= budget.limit)
        return { allowed: true, limit: budget.limit, remaining: budget.limit - count, retryAfterS: 0 };
      if (this.spent.size >= MAX_SPENT) this.spent.clear();
      this.spent.set(budget.key, Date.now() + ttlMs);
      return {
        allowed: false,
        limit: budget.limit,
        remaining: 0,
        retryAfterS: Math.max(1, Math.ceil(ttlMs / 1000)),
      };
    });
  }

  /**
   * The refusal for a budget this replica already saw spent in the current window, without asking
   * Redis (a fixed window stays spent until it ends), or null.
   */
  spentAlready(budget: Budget): RateDecision | null {
    const until = this.spent.get(budget.key);
    if (until === undefined) return null;
    const leftMs = until - Date.now();
    if (leftMs <= 0) {
      this.spent.delete(budget.key);
      return null;
    }
    return {
      allowed: false,
      limit: budget.limit,
      remaining: 0,
      retryAfterS: Math.max(1, Math.ceil(leftMs / 1000)),
    };
  }
}

export function isWrite(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
