import { UseFilters, UseGuards } from '@nestjs/common';
import {
  AuthRefreshAck,
  AuthRefreshPayload,
  AuthRefreshPayloadSchema,
  ClientEvents,
  SocketErrorCodes,
} from '@colink/contracts';
import { SocketAckFilter, ZodPipe } from '@colink/platform';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { HandshakeAuthenticator, SessionRevoked } from './handshake-authenticator';
import { SessionExpiry } from './session-expiry';
import { SocketBudgetGuard } from './socket-budget.guard';
import { RealtimeSocket } from './socket-types';

/** `auth.refresh {token}`: a fresh token of the same user extends the socket's life to its expiry. */
@WebSocketGateway()
@UseFilters(SocketAckFilter)
@UseGuards(SocketBudgetGuard)
export class SessionGateway {
  constructor(
    private readonly authenticator: HandshakeAuthenticator,
    private readonly expiry: SessionExpiry,
  ) {}

  @SubscribeMessage(ClientEvents.AuthRefresh)
  async refresh(
    @ConnectedSocket() socket: RealtimeSocket,
    @MessageBody(new ZodPipe(AuthRefreshPayloadSchema, 'auth.refresh payload')) payload: AuthRefreshPayload,
  ): Promise<AuthRefreshAck> {
    let fresh: Awaited<ReturnType<HandshakeAuthenticator['verifyRefresh']>>;
    try {
      fresh = await this.authenticator.verifyRefresh(payload.token);
    } catch (error) {
      if (error instanceof SessionRevoked && error.message === SocketErrorCodes.Banned)
        return { ok: false, error: SocketErrorCodes.Banned, message: 'a moderator banned this user' };
      if (error instanceof SessionRevoked)
        return { ok: false, error: SocketErrorCodes.Unauthorized, message: 'the session has ended' };
      return { ok: false, error: SocketErrorCodes.Unauthorized, message: 'the token is not valid' };
    }
    if (fresh.identity.sub !== socket.data.identity.sub)
      return { ok: false, error: SocketErrorCodes.Unauthorized, message: 'the token is of another user' };
    socket.data.identity = fresh.identity;
    socket.data.expiresAtMs = fresh.expiresAtMs;
    this.expiry.arm(socket);
    return { ok: true, expires_at: new Date(fresh.expiresAtMs).toISOString() };
  }
}
