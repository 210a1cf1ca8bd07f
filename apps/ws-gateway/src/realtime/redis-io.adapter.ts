import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { RedisClient } from '@colink/platform';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, ServerOptions } from 'socket.io';

/**
 * The socket.io server of every gateway class, on the service's HTTP server, joined to the other
 * instances through the Redis adapter (two node-redis connections: one publishes, one subscribes).
 */
export class RedisIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    private readonly options: Partial<ServerOptions>,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server = super.createIOServer(port, {
      ...options,
      ...this.options,
      serveClient: false,
    }) as Server;
    server.adapter(createAdapter(this.pub, this.sub, { key: 'colink-ws' }));
    return server;
  }
}
