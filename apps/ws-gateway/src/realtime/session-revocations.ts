import { SessionEndReason } from '@colink/contracts';
import { RedisService } from '@colink/platform';
import { Inject, Injectable } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { WS_CONFIG } from './realtime.tokens';

interface Revocation {
  /** Tokens issued at or before this time (ms) no longer open or keep a socket. */
  at: number;
  reason: SessionEndReason;
}

const key = (userId: string) => `colink:ws:revoked:${userId}`;

/**
 * Users whose sessions ended (banned, disabled or removed in Keycloak), shared by every instance in
 * Redis: a token issued before the end is refused at the handshake and on `auth.refresh` while it
 * could still be valid (`SESSION_REVOCATION_TTL_S`, longer than an access token lives). A token
 * issued later (the user was unbanned or enabled again and signed in) is accepted.
 */
@Injectable()
export class SessionRevocations {
  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly redis: RedisService,
  ) {}

  /** `keepFirst`: leave an earlier revocation as it is (a watcher seeing the same user again). */
  async revoke(userId: string, reason: SessionEndReason, keepFirst = false): Promise<void> {
    const value: Revocation = { at: Date.now(), reason };
    await this.redis.client.set(key(userId), JSON.stringify(value), {
      expiration: { type: 'EX', value: this.config.SESSION_REVOCATION_TTL_S },
      ...(keepFirst ? { condition: 'NX' as const } : {}),
    });
  }

  /** Why the user's sessions were ended, or null. */
  async reasonOf(userId: string): Promise<SessionEndReason | null> {
    const raw = await this.redis.client.get(key(userId));
    return raw ? (JSON.parse(String(raw)) as Revocation).reason : null;
  }

  /** Why a token of the user issued at `issuedAtMs` may not be used, or null. */
  async refusal(userId: string, issuedAtMs: number): Promise<SessionEndReason | null> {
    const raw = await this.redis.client.get(key(userId));
    if (!raw) return null;
    const revocation = JSON.parse(String(raw)) as Revocation;
    return issuedAtMs <= revocation.at ? revocation.reason : null;
  }
}
