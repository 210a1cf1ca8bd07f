import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { ClientEvent, ClientEvents, SocketErrorCodes } from '@colink/contracts';
import { MetricsService, RedisService, SocketRefusal } from '@colink/platform';
import { WsGatewayConfig } from '../config';
import { WS_CONFIG } from './realtime.tokens';
import { RealtimeSocket } from './socket-types';

/** The largest payload each client event may carry, in bytes of JSON (socket.io caps the frame too). */
const EVENT_MAX_BYTES: Record<ClientEvent, number> = {
  typing: 2 * 1024,
  'presence.heartbeat': 1024,
  sync: 16 * 1024,
  'auth.refresh': 17 * 1024,
};

/** Counts each key with `INCR` in a window that starts at its first event; returns {count, pttl} per key. */
const CONSUME = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then redis.call('PEXPIRE', key, ARGV[i]); ttl = tonumber(ARGV[i]) end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out`;

interface Bucket {
  tokens: number;
  at: number;
  strikes: number;
}

interface Window {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * Every client event spends from budgets before it is validated or handled:
 * - its size against the event's limit (`payload_too_large`);
 * - the socket's own token bucket, in memory: a socket refused `SOCKET_FLOOD_STRIKES` times in a
 *   row is flooding and is disconnected;
 * - in Redis, shared by every instance: the user's events per second, and the event's own window
 *   (typing per user and channel, heartbeats per socket, sync and auth.refresh per user).
 * Over a budget the ack is `{ok: false, error: "rate_limited", retry_after_ms}`. If Redis does not
 * answer, the shared budgets are skipped (the socket's own bucket still holds).
 */
@Injectable()
export class SocketBudgetGuard implements CanActivate {
  private readonly logger = new Logger(SocketBudgetGuard.name);
  private readonly buckets = new WeakMap<RealtimeSocket, Bucket>();
  private readonly refused;
  private readonly cut;

  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly redis: RedisService,
    metrics: MetricsService,
  ) {
    this.refused = metrics.counter('colink_ws_events_refused_total', 'Client events refused over a budget', [
      'event',
      'budget',
    ]);
    this.cut = metrics.counter('colink_ws_flood_disconnects_total', 'Sockets disconnected for flooding');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const ws = context.switchToWs();
    const socket = ws.getClient<RealtimeSocket>();
    const event = ws.getPattern() as ClientEvent;
    const data: unknown = ws.getData();
    const bytes = data === undefined ? 0 : Buffer.byteLength(JSON.stringify(data) ?? '');
    const max = EVENT_MAX_BYTES[event] ?? 1024;
    if (bytes > max) {
      this.refused.inc({ event, budget: 'size' });
      throw new SocketRefusal({
        ok: false,
        error: SocketErrorCodes.PayloadTooLarge,
        message: `the ${event} payload is ${bytes} bytes, over ${max}`,
      });
    }
    this.spendSocketBudget(socket, event);
    await this.spendSharedBudgets(socket, event, data);
    return true;
  }

  private spendSocketBudget(socket: RealtimeSocket, event: ClientEvent): void {
    const now = Date.now();
    const { SOCKET_EVENT_BURST: burst, SOCKET_EVENTS_PER_S: rate } = this.config;
    const bucket = this.buckets.get(socket) ?? { tokens: burst, at: now, strikes: 0 };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(socket, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.strikes = 0;
      return;
    }
    bucket.strikes += 1;
    this.refused.inc({ event, budget: 'socket' });
    if (bucket.strikes >= this.config.SOCKET_FLOOD_STRIKES) {
      this.cut.inc();
      this.logger.warn({ user_id: socket.data.identity.sub, event }, 'socket disconnected for flooding');
      socket.disconnect(true);
    }
    throw rateLimited(Math.ceil(((1 - bucket.tokens) / rate) * 1000));
  }

  private async spendSharedBudgets(socket: RealtimeSocket, event: ClientEvent, data: unknown): Promise<void> {
    const user = socket.data.identity.sub;
    const windows: Window[] = [
      { key: `ws:budget:user:${user}`, limit: this.config.USER_EVENTS_PER_S, windowMs: 1_000 },
    ];
    const own = this.eventWindow(socket, event, data);
    if (own) windows.push(own);
    let answer: number[];
    try {
      answer = (await this.redis.client.eval(CONSUME, {
        keys: windows.map((w) => w.key),
        arguments: windows.map((w) => String(w.windowMs)),
      })) as unknown as number[];
    } catch (error) {
      this.logger.warn({ err: error }, 'shared socket budgets unavailable; skipped');
      return;
    }
    let retryAfterMs = 0;
    windows.forEach((window, i) => {
      if (answer[2 * i] > window.limit) retryAfterMs = Math.max(retryAfterMs, answer[2 * i + 1]);
    });
    if (retryAfterMs > 0) {
      this.refused.inc({ event, budget: 'shared' });
      throw rateLimited(retryAfterMs);
    }
  }

  private eventWindow(socket: RealtimeSocket, event: ClientEvent, data: unknown): Window | undefined {
    const user = socket.data.identity.sub;
    switch (event) {
      case ClientEvents.Typing: {
        const channel = (data as { channel_id?: unknown } | null)?.channel_id;
        const key = typeof channel === 'string' ? channel : '-';
        return { key: `ws:budget:typing:${user}:${key}`, limit: 1, windowMs: this.config.TYPING_INTERVAL_MS };
      }
      case ClientEvents.PresenceHeartbeat:
        return {
          key: `ws:budget:heartbeat:${socket.id}`,
          limit: this.config.HEARTBEATS_PER_30S,
          windowMs: 30_000,
        };
      case ClientEvents.Sync:
        return { key: `ws:budget:sync:${user}`, limit: this.config.SYNCS_PER_MIN, windowMs: 60_000 };
      case ClientEvents.AuthRefresh:
        return { key: `ws:budget:refresh:${user}`, limit: this.config.REFRESHES_PER_MIN, windowMs: 60_000 };
      default:
        return undefined;
    }
  }
}

function rateLimited(retryAfterMs: number): SocketRefusal {
  return new SocketRefusal({
    ok: false,
    error: SocketErrorCodes.RateLimited,
    message: 'over the event budget of this socket',
    retry_after_ms: Math.max(1, retryAfterMs),
  });
}
