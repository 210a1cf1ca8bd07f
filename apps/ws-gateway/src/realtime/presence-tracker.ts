import { Identity } from '@colink/platform';
import { Injectable, Logger } from '@nestjs/common';
import { PresenceClient } from './presence.client';

/**
 * Connects sockets to presence: a heartbeat when a socket connects, and a disconnect when the user's
 * last socket on every instance closes (so others see them offline at once, not after the 60 s TTL).
 * Both are best effort: presence being down never refuses a socket, and the TTL is the backstop.
 */
@Injectable()
export class PresenceTracker {
  private readonly logger = new Logger(PresenceTracker.name);

  constructor(private readonly presence: PresenceClient) {}

  connected(identity: Identity): void {
    this.presence.heartbeat(identity).catch((error: unknown) => {
      this.logger.warn({ err: error, user_id: identity.sub }, 'presence heartbeat at connect failed');
    });
  }

  /** `remaining` counts the user's sockets still open across instances (it may fail on a timeout). */
  disconnected(identity: Identity, remaining: () => Promise<number>): void {
    remaining()
      .then((count) => (count === 0 ? this.presence.disconnected(identity) : undefined))
      .catch((error: unknown) => {
        this.logger.warn({ err: error, user_id: identity.sub }, 'presence disconnect failed; left to expiry');
      });
  }
}
