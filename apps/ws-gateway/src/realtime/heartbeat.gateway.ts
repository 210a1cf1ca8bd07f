import { UseFilters, UseGuards } from '@nestjs/common';
import {
  ClientEvents,
  PresenceHeartbeatAck,
  PresenceHeartbeatPayload,
  PresenceHeartbeatPayloadSchema,
  SocketErrorCodes,
} from '@colink/contracts';
import { SocketAckFilter, ZodPipe } from '@colink/platform';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { PresenceClient } from './presence.client';
import { SocketBudgetGuard } from './socket-budget.guard';
import { RealtimeSocket } from './socket-types';

/** `presence.heartbeat {}` (every 30 s): keeps the user online in the presence service. */
@WebSocketGateway()
@UseFilters(SocketAckFilter)
@UseGuards(SocketBudgetGuard)
export class HeartbeatGateway {
  constructor(private readonly presence: PresenceClient) {}

  @SubscribeMessage(ClientEvents.PresenceHeartbeat)
  async heartbeat(
    @ConnectedSocket() socket: RealtimeSocket,
    @MessageBody(new ZodPipe(PresenceHeartbeatPayloadSchema, 'heartbeat payload'))
    _payload: PresenceHeartbeatPayload,
  ): Promise<PresenceHeartbeatAck> {
    try {
      await this.presence.heartbeat(socket.data.identity);
    } catch {
      return { ok: false, error: SocketErrorCodes.Unavailable, message: 'presence did not answer' };
    }
    return { ok: true };
  }
}
