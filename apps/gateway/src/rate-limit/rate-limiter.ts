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

/** Rate limits kept in Redis, so every gateway replica shares one budget per user and per IP. */
export class RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly windowS: number,
    private readonly keyPrefix = 'ratelimit',
  ) {}

  async consume(budgets: Budget[]): Promise<RateDecision> {
    const windowMs = this.windowS * 1000;
    const slot = Math.floor(Date.now() / windowMs);
    const keys = budgets.map((budget) => `${this.keyPrefix}:${budget.key}:${slot}`);
    const result = (await this.redis.eval(CONSUME, {
      keys,
      arguments: [String(windowMs)],
    })) as unknown as number[];
    let decision: RateDecision = { allowed: true, limit: Infinity, remaining: Infinity, retryAfterS: 0 };
    budgets.forEach((budget, i) => {
      const count = result[i * 2];
      const ttlMs = result[i * 2 + 1];
      const remaining = Math.max(0, budget.limit - count);
      if (count > budget.limit) {
        decision = {
          allowed: false,
          limit: budget.limit,
          remaining: 0,
          retryAfterS: Math.max(1, Math.ceil(ttlMs / 1000)),
        };
      } else if (decision.allowed && remaining < decision.remaining) {
        decision = { allowed: true, limit: budget.limit, remaining, retryAfterS: 0 };
      }
    });
    return decision;
  }
}

export function isWrite(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
