import { UseFilters, UseGuards } from '@nestjs/common';
import {
  ClientEvents,
  SocketErrorCodes,
  SocketEnvelope,
  TYPING_SHOWN_MS,
  TypingAck,
  TypingPayload,
  TypingPayloadSchema,
} from '@colink/contracts';
import { SocketAckFilter, ZodPipe } from '@colink/platform';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { randomUUID } from 'node:crypto';
import { channelRoom } from './realtime.tokens';
import { SocketBudgetGuard } from './socket-budget.guard';
import { RealtimeSocket } from './socket-types';

/** `typing {channel_id}`: shown to the channel's other members, on every instance, for 5 s. */
@WebSocketGateway()
@UseFilters(SocketAckFilter)
@UseGuards(SocketBudgetGuard)
export class TypingGateway {
  @SubscribeMessage(ClientEvents.Typing)
  typing(
    @ConnectedSocket() socket: RealtimeSocket,
    @MessageBody(new ZodPipe(TypingPayloadSchema, 'typing payload')) payload: TypingPayload,
  ): TypingAck {
    const room = channelRoom(payload.channel_id);
    if (!socket.rooms.has(room))
      return { ok: false, error: SocketErrorCodes.NotAMember, message: 'not a member of this channel' };
    const { identity } = socket.data;
    const now = Date.now();
    const envelope: SocketEnvelope<'typing'> = {
      id: randomUUID(),
      type: 'typing',
      occurred_at: new Date(now).toISOString(),
      channel_id: payload.channel_id,
      data: {
        channel_id: payload.channel_id,
        user_id: identity.sub,
        username: identity.username,
        expires_at: new Date(now + TYPING_SHOWN_MS).toISOString(),
      },
    };
    socket.to(room).emit('typing', envelope);
    return { ok: true };
  }
}
