import { PresenceView } from '@colink/contracts';
import { Identity } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { InternalHttpClient } from './internal-http.client';
import { WS_CONFIG } from './realtime.tokens';

/**
 * Tells the presence service (the owner of presence state) about the user's sockets. Heartbeats of
 * one user that overlap (a reconnect brings back their web, phone and tabs at once) share one
 * request: each would have marked the same user online at the same moment. Nothing is kept after it
 * answers.
 */
@Injectable()
export class PresenceClient {
  private readonly pending = new Map<string, Promise<PresenceView>>();

  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly http: InternalHttpClient,
  ) {}

  heartbeat(identity: Identity): Promise<PresenceView> {
    const shared = this.pending.get(identity.sub);
    if (shared) return shared;
    const beat = this.http
      .post<PresenceView>(
        this.config.PRESENCE_URL,
        '/internal/v1/presence/heartbeat',
        identity,
        {},
        'presence',
      )
      .finally(() => this.pending.delete(identity.sub));
    this.pending.set(identity.sub, beat);
    return beat;
  }

  /** The user's last socket, on every instance, is gone. */
  disconnected(identity: Identity): Promise<PresenceView> {
    return this.http.post(
      this.config.PRESENCE_URL,
      '/internal/v1/presence/disconnect',
      identity,
      {},
      'presence',
    );
  }
}
