import { Inject, Injectable } from '@nestjs/common';
import { RedisClient, RedisService } from '@colink/platform';
import { PresenceConfig } from '../config';
import { PRESENCE_CONFIG } from './presence.tokens';
import { PresenceChange, PresenceRecord, PresenceStatus } from './presence.types';

/**
 * The presence service's Redis keys, and only it writes them:
 * - `presence:user:<id>` hash: `chosen` (the status the user picked), `seen` (last seen, ms) and
 *   `eff` (the effective status last announced), kept `PRESENCE_KEEP_S` after the last write;
 * - `presence:live` sorted set: user id scored by the time of their last heartbeat.
 * Each change is one Lua script, so concurrent replicas agree on which call announces a change.
 */
const USER_PREFIX = 'presence:user:';
const LIVE = 'presence:live';

const userKey = (userId: string) => `${USER_PREFIX}${userId}`;

/** KEYS: user, live. ARGV: id, now, keep_s, chosen ('' keeps it). Returns {eff, prev, seen}. */
const BEAT = `
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'chosen', ARGV[4]) end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[1], 'seen', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
local eff = redis.call('HGET', KEYS[1], 'chosen') or 'online'
local prev = redis.call('HGET', KEYS[1], 'eff') or ''
if prev ~= eff then redis.call('HSET', KEYS[1], 'eff', eff) end
return {eff, prev, ARGV[2]}`;

/** KEYS: user, live. ARGV: id, now. Returns {eff, prev, seen}. */
const DISCONNECT = `
if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then redis.call('HSET', KEYS[1], 'seen', ARGV[2]) end
local prev = redis.call('HGET', KEYS[1], 'eff') or ''
if prev ~= '' and prev ~= 'offline' then redis.call('HSET', KEYS[1], 'eff', 'offline') end
return {'offline', prev, redis.call('HGET', KEYS[1], 'seen') or ''}`;

/**
 * KEYS: live. ARGV: cutoff, limit, user prefix. Claims (ZREM) up to limit users whose heartbeat is
 * older than cutoff; returns {claimed, id, prev, seen, ...} for those who were not yet offline.
 */
const SWEEP = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {#ids}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local key = ARGV[3] .. id
  local prev = redis.call('HGET', key, 'eff')
  if prev and prev ~= 'offline' then
    redis.call('HSET', key, 'eff', 'offline')
    table.insert(out, id)
    table.insert(out, prev)
    table.insert(out, redis.call('HGET', key, 'seen') or '')
  end
end
return out`;

/** KEYS: user, live. ARGV: id, announced, prev, seen. Undoes an announcement that was not published. */
const REVERT = `
if redis.call('HGET', KEYS[1], 'eff') ~= ARGV[2] then return 0 end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], 'eff') else redis.call('HSET', KEYS[1], 'eff', ARGV[3]) end
if ARGV[2] == 'offline' and ARGV[4] ~= '' then redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[1]) end
return 1`;

function toMs(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = Number(value);
  return Number.isFinite(ms) ? ms : null;
}

function toChange(userId: string, answer: unknown): PresenceChange | null {
  const [eff, prev, seen] = answer as [PresenceStatus, string, string];
  if (eff === prev || (eff === 'offline' && prev === '')) return null;
  return { userId, status: eff, previous: (prev || null) as PresenceStatus | null, lastSeenMs: toMs(seen) };
}

@Injectable()
export class PresenceRepository {
  private readonly redis: RedisClient;

  constructor(
    @Inject(PRESENCE_CONFIG) private readonly config: PresenceConfig,
    redis: RedisService,
  ) {
    this.redis = redis.client;
  }

  /** Records a heartbeat (and a new chosen status): the change of effective status, if any. */
  async beat(userId: string, nowMs: number, chosen?: PresenceStatus): Promise<PresenceChange | null> {
    const answer = await this.redis.eval(BEAT, {
      keys: [userKey(userId), LIVE],
      arguments: [userId, String(nowMs), String(this.config.PRESENCE_KEEP_S), chosen ?? ''],
    });
    return toChange(userId, answer);
  }

  /** The user has no live connection left: offline now rather than at expiry. */
  async disconnect(userId: string, nowMs: number): Promise<PresenceChange | null> {
    const answer = await this.redis.eval(DISCONNECT, {
      keys: [userKey(userId), LIVE],
      arguments: [userId, String(nowMs)],
    });
    return toChange(userId, answer);
  }

  /** Claims up to `limit` users whose heartbeat is older than `cutoffMs`: those who just went offline. */
  async claimExpired(
    cutoffMs: number,
    limit: number,
  ): Promise<{ claimed: number; changes: PresenceChange[] }> {
    const answer = (await this.redis.eval(SWEEP, {
      keys: [LIVE],
      arguments: [String(cutoffMs), String(limit), USER_PREFIX],
    })) as unknown as [number, ...string[]];
    const [claimed, ...flat] = answer;
    const changes: PresenceChange[] = [];
    for (let i = 0; i + 2 < flat.length; i += 3)
      changes.push({
        userId: flat[i],
        status: 'offline',
        previous: flat[i + 1] as PresenceStatus,
        lastSeenMs: toMs(flat[i + 2]),
      });
    return { claimed, changes };
  }

  /** Puts back what a change replaced, so that the next heartbeat, disconnect or sweep announces it again. */
  async revert(change: PresenceChange): Promise<void> {
    await this.redis.eval(REVERT, {
      keys: [userKey(change.userId), LIVE],
      arguments: [
        change.userId,
        change.status,
        change.previous ?? '',
        change.lastSeenMs === null ? '' : String(change.lastSeenMs),
      ],
    });
  }

  async read(userIds: string[]): Promise<PresenceRecord[]> {
    if (userIds.length === 0) return [];
    const batch = this.redis.multi();
    for (const id of userIds) {
      batch.hmGet(userKey(id), ['chosen', 'seen']);
      batch.zScore(LIVE, id);
    }
    // Not a transaction: one round trip of independent reads (a failed one throws).
    const results = (await batch.execAsPipeline()) as unknown[];
    return userIds.map((userId, i) => {
      const [chosen, seen] = (results[2 * i] as Array<string | null> | undefined) ?? [null, null];
      const score = results[2 * i + 1] as number | null | undefined;
      return {
        userId,
        chosen: (chosen ?? null) as PresenceStatus | null,
        heartbeatMs: typeof score === 'number' && Number.isFinite(score) ? score : null,
        lastSeenMs: toMs(seen),
      };
    });
  }
}
