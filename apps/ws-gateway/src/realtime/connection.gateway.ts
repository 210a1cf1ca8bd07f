import { BeforeApplicationShutdown } from '@nestjs/common';
import { MetricsService } from '@colink/platform';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import { HandshakeAuthenticator } from './handshake-authenticator';
import { PresenceTracker } from './presence-tracker';
import { SessionExpiry } from './session-expiry';
import { channelRoom, userRoom } from './realtime.tokens';
import { SocketRooms } from './socket-rooms';
import { RealtimeServer, RealtimeSocket } from './socket-types';

/**
 * A socket's life: the handshake (token, then the user's channels) before `connect`, its rooms at
 * `connect`, and presence signals at connect and at the user's last disconnect.
 */
@WebSocketGateway()
export class ConnectionGateway
  implements
    OnGatewayInit<RealtimeServer>,
    OnGatewayConnection,
    OnGatewayDisconnect,
    BeforeApplicationShutdown
{
  private readonly sockets;
  private closing = false;

  constructor(
    private readonly authenticator: HandshakeAuthenticator,
    private readonly rooms: SocketRooms,
    private readonly presence: PresenceTracker,
    private readonly expiry: SessionExpiry,
    metrics: MetricsService,
  ) {
    this.sockets = metrics.gauge('colink_ws_sockets', 'Sockets connected to this instance');
  }

  afterInit(server: RealtimeServer): void {
    server.use(this.authenticator.middleware);
    this.rooms.bind(server);
  }

  handleConnection(socket: RealtimeSocket): void {
    const { identity, channelIds } = socket.data;
    void socket.join([userRoom(identity.sub), ...channelIds.map(channelRoom)]);
    this.sockets.inc();
    this.expiry.arm(socket);
    this.presence.connected(identity);
  }

  handleDisconnect(socket: RealtimeSocket): void {
    this.sockets.dec();
    this.expiry.disarm(socket);
    // At shutdown the users move to another instance: their presence is left to the TTL.
    if (this.closing) return;
    const { identity } = socket.data;
    this.presence.disconnected(identity, () => this.rooms.userSocketCount(identity.sub));
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
  }
}
