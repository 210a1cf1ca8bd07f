import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RealtimeSocket } from './socket-types';

/** The longest a timer may wait (setTimeout's limit); a later expiry re-arms at that point. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A socket lives as long as the token it last presented: at the token's expiry it hears
 * `session.ended {reason: 'unauthorized'}` and is disconnected, unless `auth.refresh` moved the
 * expiry first. A reconnect with the expired token is then refused
 * at the handshake with `unauthorized`.
 */
@Injectable()
export class SessionExpiry {
  private readonly logger = new Logger(SessionExpiry.name);
  private readonly timers = new WeakMap<RealtimeSocket, NodeJS.Timeout>();

  arm(socket: RealtimeSocket): void {
    this.disarm(socket);
    const wait = Math.max(0, socket.data.expiresAtMs - Date.now());
    const timer = setTimeout(
      () => {
        if (socket.data.expiresAtMs > Date.now()) return this.arm(socket);
        this.logger.log({ user_id: socket.data.identity.sub }, 'socket token expired; disconnected');
        socket.emit('session.ended', {
          id: randomUUID(),
          type: 'session.ended',
          occurred_at: new Date().toISOString(),
          data: { reason: 'unauthorized', message: 'The token expired without auth.refresh.' },
        });
        socket.disconnect(true);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(socket, timer);
  }

  disarm(socket: RealtimeSocket): void {
    clearTimeout(this.timers.get(socket));
    this.timers.delete(socket);
  }
}
