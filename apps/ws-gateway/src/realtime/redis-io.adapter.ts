import { INestApplicationContext, Logger, WsMessageHandler } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { RedisClient } from '@colink/platform';
import { createAdapter } from '@socket.io/redis-adapter';
import { Observable } from 'rxjs';
import { Server, ServerOptions } from 'socket.io';

/** The socket.io Socket of the server Nest's IoAdapter creates (its own copy of socket.io). */
type NestIoSocket = Parameters<IoAdapter['bindMessageHandlers']>[0];

/**
 * The socket.io server of every gateway class, on the service's HTTP server, joined to the other
 * instances through the Redis adapter (two node-redis connections: one publishes, one subscribes).
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly logger = new Logger(RedisIoAdapter.name);

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

  /**
   * One plain listener per `@SubscribeMessage` handler and socket, answering like Nest's IoAdapter
   * (a returned `{event, data}` is emitted, anything else not nil is the ack, nothing after the socket
   * disconnected). Nest's own version builds an rxjs pipeline per handler and socket, kept for the
   * socket's life (fromEvent, mergeMap, takeUntil, a shared first() of `disconnect`): about 170
   * closures and subscribers a socket, most of ws-gateway's memory per idle socket.
   */
  override bindMessageHandlers(
    socket: NestIoSocket,
    handlers: WsMessageHandler[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message, (...args: unknown[]) => {
        // As rxjs' fromEvent hands it to Nest: one argument alone, several as an array.
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args) as {
          data: unknown;
          ack?: unknown;
        };
        transform(callback(data, ack)).subscribe({
          next: (response) => {
            if (response === null || response === undefined || !socket.connected) return;
            const { event, data: eventData } = response as { event?: unknown; data?: unknown };
            if (typeof event === 'string') return void socket.emit(event, eventData);
            if (!isAckHandledManually && typeof ack === 'function')
              (ack as (answer: unknown) => void)(response);
          },
          error: (error: unknown) =>
            this.logger.error({ err: error, event: String(message) }, 'socket event handler failed'),
        });
      });
    }
  }
}
