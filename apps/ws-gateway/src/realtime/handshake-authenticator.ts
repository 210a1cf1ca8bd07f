import { Identity, JwtVerifier, TokenRejected } from '@colink/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { ChannelsClient } from './channels.client';
import { WS_CONFIG } from './realtime.tokens';
import { RealtimeSocket, SocketData } from './socket-types';

/**
 * The handshake: `auth.token` must be a valid access token of the realm (else `unauthorized`), and
 * the user's channels are looked up before the socket is accepted, so its rooms exist at `connect`.
 */
@Injectable()
export class HandshakeAuthenticator {
  private readonly logger = new Logger(HandshakeAuthenticator.name);
  private readonly verifier: JwtVerifier;

  constructor(
    @Inject(WS_CONFIG) config: WsGatewayConfig,
    private readonly channels: ChannelsClient,
  ) {
    this.verifier = new JwtVerifier({
      issuer: `${config.KEYCLOAK_URL.replace(/\/$/, '')}/realms/${config.KEYCLOAK_REALM}`,
      audience: config.TOKEN_AUDIENCE,
      clockToleranceS: config.TOKEN_CLOCK_TOLERANCE_S,
    });
  }

  readonly middleware = (socket: RealtimeSocket, next: (error?: Error) => void): void => {
    void this.authenticate(socket).then(
      () => next(),
      (error: unknown) => next(error instanceof Error ? error : new Error('unavailable')),
    );
  };

  /** Checks a token presented later in the socket's life (`auth.refresh`) like the handshake's. */
  async verifyRefresh(token: string): Promise<{ identity: Identity; expiresAtMs: number }> {
    const identity = await this.verifier.verify(token);
    return { identity, expiresAtMs: tokenExpiryMs(token) };
  }

  private async authenticate(socket: RealtimeSocket): Promise<void> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    let identity: Identity;
    try {
      if (typeof token !== 'string' || token.length === 0 || token.length > 16_384)
        throw new TokenRejected('no token');
      identity = await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof TokenRejected)) this.logger.warn({ err: error }, 'token check failed');
      throw new Error('unauthorized');
    }
    try {
      const channelIds = await this.channels.joinedChannelIds(identity);
      socket.data = {
        identity,
        channelIds,
        expiresAtMs: tokenExpiryMs(token as string),
      } satisfies SocketData;
    } catch (error) {
      this.logger.warn({ err: error, user_id: identity.sub }, 'membership lookup failed');
      throw new Error('unavailable');
    }
  }
}

/** The `exp` of a token the verifier has accepted (so it is there and signed), in ms. */
function tokenExpiryMs(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    exp?: unknown;
  };
  return typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now();
}
