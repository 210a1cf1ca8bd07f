import { UseFilters, UseGuards } from '@nestjs/common';
import { ClientEvents, SyncAck, SyncPayload, SyncPayloadSchema } from '@colink/contracts';
import { SocketAckFilter, ZodPipe } from '@colink/platform';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { channelRoom } from './realtime.tokens';
import { SocketBudgetGuard } from './socket-budget.guard';
import { RealtimeSocket } from './socket-types';
import { SyncService } from './sync.service';

/** `sync {cursors}`: what the client missed in each channel it names and belongs to. */
@WebSocketGateway()
@UseFilters(SocketAckFilter)
@UseGuards(SocketBudgetGuard)
export class SyncGateway {
  constructor(private readonly sync: SyncService) {}

  @SubscribeMessage(ClientEvents.Sync)
  async catchUp(
    @ConnectedSocket() socket: RealtimeSocket,
    @MessageBody(new ZodPipe(SyncPayloadSchema, 'sync payload')) payload: SyncPayload,
  ): Promise<SyncAck> {
    const channels = await this.sync.catchUp(socket.data.identity, payload.cursors, (id) =>
      socket.rooms.has(channelRoom(id)),
    );
    return { ok: true, channels };
  }
}
