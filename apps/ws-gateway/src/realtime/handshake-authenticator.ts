import { Identity, JwtVerifier, TokenRejected } from '@colink/platform';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { ChannelsClient } from './channels.client';
import { WS_CONFIG } from './realtime.tokens';
import { SessionRevocations } from './session-revocations';
import { RealtimeSocket, SocketData } from './socket-types';

/** A token that verified but belongs to a session that ended: its message is the reason. */
export class SessionRevoked extends Error {}

/**
 * The handshake: `auth.token` must be a valid access token of the realm (else `unauthorized`) of a
 * user whose sessions were not ended since it was issued (else `banned` or `unauthorized`), and the
 * user's channels are looked up before the socket is accepted, so its rooms exist at `connect`.
 */
@Injectable()
export class HandshakeAuthenticator {
  private readonly logger = new Logger(HandshakeAuthenticator.name);
  private readonly verifier: JwtVerifier;

  constructor(
    @Inject(WS_CONFIG) config: WsGatewayConfig,
    private readonly channels: ChannelsClient,
    private readonly revocations: SessionRevocations,
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

  /**
   * Checks a token presented later in the socket's life (`auth.refresh`) like the handshake's; a
   * revoked session throws `SessionRevoked`.
   */
  async verifyRefresh(token: string): Promise<{ identity: Identity; expiresAtMs: number }> {
    const identity = await this.verifier.verify(token);
    await this.notRevoked(identity, token);
    return { identity, expiresAtMs: tokenClaimMs(token, 'exp') };
  }

  private async notRevoked(identity: Identity, token: string): Promise<void> {
    const refusal = await this.revocations.refusal(identity.sub, tokenClaimMs(token, 'iat'));
    if (refusal) throw new SessionRevoked(refusal);
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
      await this.notRevoked(identity, token);
    } catch (error) {
      if (error instanceof SessionRevoked) throw new Error(error.message);
      this.logger.warn({ err: error, user_id: identity.sub }, 'session revocation check failed');
      throw new Error('unavailable');
    }
    try {
      const channelIds = await this.channels.joinedChannelIds(identity);
      socket.data = {
        identity,
        channelIds,
        expiresAtMs: tokenClaimMs(token as string, 'exp'),
      } satisfies SocketData;
    } catch (error) {
      this.logger.warn({ err: error, user_id: identity.sub }, 'membership lookup failed');
      throw new Error('unavailable');
    }
  }
}

/** The `exp` or `iat` of a token the verifier has accepted (so both are there and signed), in ms. */
function tokenClaimMs(token: string, claim: 'exp' | 'iat'): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >;
  const value = payload[claim];
  return typeof value === 'number' ? value * 1000 : Date.now();
}
