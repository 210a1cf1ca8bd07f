import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Socket } from 'socket.io';
import { z } from 'zod';
import { SocketData } from './handshake-authenticator';
import { channelRoom } from './realtime.tokens';
import { SocketEnvelope } from './socket-envelope';
import { PresenceClient } from './presence.client';
import {
  PresenceHeartbeatPayloadSchema,
  SocketAck,
  SyncPayloadSchema,
  TYPING_SHOWN_MS,
  TypingPayloadSchema,
  invalidPayload,
} from './socket-payloads';
import { SyncService } from './sync.service';

type Ack = (answer: SocketAck) => void;

/** Client -> server events. Every payload is validated; a bad one gets an error ack, never a throw. */
@Injectable()
export class SocketEventsHandler {
  private readonly logger = new Logger(SocketEventsHandler.name);

  constructor(
    private readonly sync: SyncService,
    private readonly presence: PresenceClient,
  ) {}

  register(socket: Socket): void {
    this.on(socket, 'typing', TypingPayloadSchema, (payload) => this.typing(socket, payload.channel_id));
    this.on(socket, 'presence.heartbeat', PresenceHeartbeatPayloadSchema, async () => {
      await this.presence.heartbeat((socket.data as SocketData).identity);
      return { ok: true };
    });
    this.on(socket, 'sync', SyncPayloadSchema, async (payload) => {
      const { identity } = socket.data as SocketData;
      const channels = await this.sync.catchUp(identity, payload.cursors, (id) =>
        socket.rooms.has(channelRoom(id)),
      );
      return { ok: true, channels };
    });
  }

  private typing(socket: Socket, channelId: string): SocketAck {
    if (!socket.rooms.has(channelRoom(channelId)))
      return { ok: false, error: { code: 'not_a_member', message: 'not a member of this channel' } };
    const { identity } = socket.data as SocketData;
    const now = Date.now();
    const envelope: SocketEnvelope = {
      id: randomUUID(),
      type: 'typing',
      occurred_at: new Date(now).toISOString(),
      channel_id: channelId,
      data: {
        channel_id: channelId,
        user_id: identity.sub,
        username: identity.username,
        expires_at: new Date(now + TYPING_SHOWN_MS).toISOString(),
      },
    };
    socket.to(channelRoom(channelId)).emit('typing', envelope);
    return { ok: true };
  }

  private on<S extends z.ZodType>(
    socket: Socket,
    event: string,
    schema: S,
    handle: (payload: z.infer<S>) => SocketAck | Promise<SocketAck>,
  ): void {
    socket.on(event, async (...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack: Ack = typeof last === 'function' ? (last as Ack) : () => undefined;
      // `emit(event, ack)` without a payload: the only argument is the ack.
      const payload = typeof args[0] === 'function' ? undefined : args[0];
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return ack(invalidPayload(parsed.error));
      try {
        ack(await handle(parsed.data));
      } catch (error) {
        this.logger.error({ err: error, event }, 'socket event failed');
        ack({ ok: false, error: { code: 'internal', message: 'the event could not be handled' } });
      }
    });
  }
}
