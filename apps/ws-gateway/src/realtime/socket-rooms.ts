import { AnySocketEnvelope, SessionEndReason, SocketEnvelope } from '@colink/contracts';
import { currentTraceparent, tracedSync } from '@colink/platform';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RealtimeServer } from './socket-types';
import { channelRoom, userRoom } from './realtime.tokens';

type Emit = (event: AnySocketEnvelope['type'], envelope: AnySocketEnvelope) => boolean;

/**
 * This instance's side of the rooms: each instance consumes every Kafka event itself and emits it to
 * its own sockets only (`local`); the Redis adapter carries what starts at one instance's socket
 * (typing) to the same rooms on the others. Bound to the server when the gateways start.
 */
@Injectable()
export class SocketRooms {
  private server?: RealtimeServer;

  bind(server: RealtimeServer): void {
    this.server = server;
  }

  /** To this instance's sockets in the channel's room. */
  emitToChannel(channelId: string, envelope: AnySocketEnvelope): void {
    this.emitToRooms([channelRoom(channelId)], envelope);
  }

  /** To this instance's sockets in any of the rooms, once per socket. */
  emitToRooms(rooms: string[], envelope: AnySocketEnvelope): void {
    if (!this.server || rooms.length === 0) return;
    const target = this.server.local.to(rooms);
    // The union of envelopes is emitted under its own `type`: the event maps pair them one to one.
    // The emit is the last span of the event's trace (gateway -> service -> Kafka -> here), and the
    // frame carries the trace id, so one send is one trace into the socket frame.
    tracedSync(
      `socket.io emit ${envelope.type}`,
      { 'colink.event.id': envelope.id, 'colink.rooms': rooms.join(',') },
      () => {
        const traceId = currentTraceparent()?.split('-')[1];
        const framed = traceId ? { ...envelope, trace_id: traceId } : envelope;
        return (target.emit as unknown as Emit).call(target, envelope.type, framed);
      },
    );
  }

  /** The channel rooms this instance's sockets of the user are in. */
  async localChannelRooms(userId: string): Promise<string[]> {
    const sockets = (await this.server?.local.in(userRoom(userId)).fetchSockets()) ?? [];
    const rooms = new Set<string>();
    for (const socket of sockets)
      for (const room of socket.rooms) if (room.startsWith(channelRoom(''))) rooms.add(room);
    return [...rooms];
  }

  /** How many sockets the user has open on every instance (asks the others through Redis). */
  async userSocketCount(userId: string): Promise<number> {
    return ((await this.server?.in(userRoom(userId)).fetchSockets()) ?? []).length;
  }

  /** The users with a socket on this instance. */
  async localUserIds(): Promise<string[]> {
    const sockets = (await this.server?.local.fetchSockets()) ?? [];
    return [...new Set(sockets.map((socket) => socket.data.identity.sub))];
  }

  /**
   * Ends this instance's sockets of the user: each hears `session.ended {reason, message}`, then is
   * disconnected. Returns how many there were.
   */
  async endSessions(userId: string, reason: SessionEndReason, message: string): Promise<number> {
    const sockets = (await this.server?.local.in(userRoom(userId)).fetchSockets()) ?? [];
    for (const socket of sockets) {
      const envelope: SocketEnvelope<'session.ended'> = {
        id: randomUUID(),
        type: 'session.ended',
        occurred_at: new Date().toISOString(),
        data: { reason, message },
      };
      socket.emit('session.ended', envelope);
      socket.disconnect(true);
    }
    return sockets.length;
  }

  /** Puts (or takes) this instance's sockets of the user in (or out of) the channel's room. */
  follow(userId: string, channelId: string, member: boolean): void {
    const sockets = this.server?.local.in(userRoom(userId));
    if (member) sockets?.socketsJoin(channelRoom(channelId));
    else sockets?.socketsLeave(channelRoom(channelId));
  }
}
