import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { createClient } from 'redis';

/** A connected node-redis client (the design card's Redis client). Only the platform creates them. */
export type RedisClient = ReturnType<typeof createClient>;

export const REDIS_OPTIONS = Symbol('REDIS_OPTIONS');

export interface RedisOptions {
  url: string;
}

const logger = new Logger('Redis');

/**
 * node-redis, loaded on the first client: the platform barrel reaches this file from every service, and
 * only the services that use Redis should pay its start-up time and memory.
 */
function loadRedis(): typeof import('redis') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deliberate lazy load, synchronous like the callers
  return require('redis') as typeof import('redis');
}

/**
 * Creates a client that reconnects with a capped backoff and logs (rather than throws) connection
 * errors: a command sent while Redis is away fails, and readiness reports the outage.
 */
export function createRedisClient(url: string, name: string): RedisClient {
  const client = loadRedis().createClient({
    url,
    name: name.replace(/[^A-Za-z0-9._-]/g, '-'),
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
  });
  let lastLogged = 0;
  client.on('error', (err: unknown) => {
    // A down Redis errors on every retry: one line every 10 s is enough.
    if (Date.now() - lastLogged < 10_000) return;
    lastLogged = Date.now();
    logger.warn({ err, client: name }, 'redis connection error');
  });
  return client;
}

/** Connects `client`; the promise settles once it answers (or rejects on a bad URL). */
export async function connectRedis(client: RedisClient): Promise<RedisClient> {
  if (!client.isOpen) await client.connect();
  return client;
}

/**
 * The service's Redis connections: `client` for commands, `duplicate()` for what needs a connection
 * of its own (pub/sub), all closed at shutdown.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: RedisClient;
  private readonly all: RedisClient[] = [];

  constructor(@Inject(REDIS_OPTIONS) private readonly options: RedisOptions) {
    this.client = this.track(createRedisClient(options.url, 'colink'));
  }

  /**
   * Connects the command client, waiting at most `waitMs`: a service whose Redis is down still starts
   * (its readiness says why) and the client keeps reconnecting in the background.
   */
  async connect(waitMs = 5_000): Promise<void> {
    const connecting = connectRedis(this.client).then(
      () => undefined,
      (err: unknown) => logger.warn({ err }, 'redis connect failed'),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([connecting, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  /** A new connected client to the same Redis, closed with the service. */
  async duplicate(name: string): Promise<RedisClient> {
    return connectRedis(this.track(createRedisClient(this.options.url, name)));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all.map((client) => (client.isOpen ? client.close() : undefined)));
  }

  private track(client: RedisClient): RedisClient {
    this.all.push(client);
    return client;
  }
}
