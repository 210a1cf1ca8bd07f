import { PresenceView } from '@colink/contracts';
import { Identity } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { InternalHttpClient } from './internal-http.client';
import { WS_CONFIG } from './realtime.tokens';

/** Tells the presence service (the owner of presence state) about the user's sockets. */
@Injectable()
export class PresenceClient {
  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly http: InternalHttpClient,
  ) {}

  heartbeat(identity: Identity): Promise<PresenceView> {
    return this.http.post(
      this.config.PRESENCE_URL,
      '/internal/v1/presence/heartbeat',
      identity,
      {},
      'presence',
    );
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
