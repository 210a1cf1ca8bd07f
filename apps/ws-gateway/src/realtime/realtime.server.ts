import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { MetricsService } from '@colink/platform';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server as HttpServer } from 'node:http';
import { Server, Socket } from 'socket.io';
import { WsGatewayConfig } from '../config';
import { HandshakeAuthenticator, SocketData } from './handshake-authenticator';
import { PresenceTracker } from './presence-tracker';
import { WS_CONFIG, channelRoom, userRoom } from './realtime.tokens';
import { SocketEnvelope } from './socket-envelope';
import { SocketEventsHandler } from './socket-events.handler';

/**
 * The socket.io server on the service's HTTP server. Each instance consumes every Kafka event itself
 * and emits it to its own sockets only (`local`); the Redis adapter carries what starts at one
 * instance's socket (typing) to the same rooms on the others.
 */
@Injectable()
export class RealtimeServer implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeServer.name);
  private io?: Server;
  private readonly redis: Redis[] = [];
  private closing = false;

  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly authenticator: HandshakeAuthenticator,
    private readonly events: SocketEventsHandler,
    private readonly metrics: MetricsService,
    private readonly presence: PresenceTracker,
  ) {}

  attach(httpServer: HttpServer): void {
    const pub = new Redis(this.config.REDIS_URL);
    const sub = pub.duplicate();
    for (const client of [pub, sub]) client.on('error', (err) => this.logger.warn({ err }, 'redis adapter'));
    this.redis.push(pub, sub);
    const io = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      adapter: createAdapter(pub, sub, { key: 'colink-ws' }),
      maxHttpBufferSize: 64 * 1024,
    });
    const sockets = this.metrics.gauge('colink_ws_sockets', 'Sockets connected to this instance');
    io.use(this.authenticator.middleware);
    io.on('connection', (socket: Socket) => {
      const data = socket.data as SocketData;
      void socket.join([userRoom(data.identity.sub), ...data.channelIds.map(channelRoom)]);
      sockets.inc();
      this.presence.connected(data.identity);
      socket.on('disconnect', () => {
        sockets.dec();
        // At shutdown the users move to another instance: their presence is left to the TTL.
        if (this.closing) return;
        this.presence.disconnected(data.identity, async () => {
          return (await io.in(userRoom(data.identity.sub)).fetchSockets()).length;
        });
      });
      this.events.register(socket);
    });
    this.io = io;
  }

  /** To this instance's sockets in the channel's room. */
  emitToChannel(channelId: string, envelope: SocketEnvelope): void {
    this.io?.local.to(channelRoom(channelId)).emit(envelope.type, envelope);
  }

  /** To this instance's sockets in any of the rooms, once per socket. */
  emitToRooms(rooms: string[], envelope: SocketEnvelope): void {
    if (rooms.length > 0) this.io?.local.to(rooms).emit(envelope.type, envelope);
  }

  /** The channel rooms this instance's sockets of the user are in. */
  async localChannelRooms(userId: string): Promise<string[]> {
    const sockets = (await this.io?.local.in(userRoom(userId)).fetchSockets()) ?? [];
    const rooms = new Set<string>();
    for (const socket of sockets)
      for (const room of socket.rooms) if (room.startsWith(channelRoom(''))) rooms.add(room);
    return [...rooms];
  }

  /** Puts (or takes) this instance's sockets of the user in (or out of) the channel's room. */
  follow(userId: string, channelId: string, member: boolean): void {
    const sockets = this.io?.local.in(userRoom(userId));
    if (member) sockets?.socketsJoin(channelRoom(channelId));
    else sockets?.socketsLeave(channelRoom(channelId));
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await new Promise<void>((resolve) => (this.io ? void this.io.close(() => resolve()) : resolve()));
    await Promise.all(this.redis.map((client) => client.quit().catch(() => undefined)));
  }
}
