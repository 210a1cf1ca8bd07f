import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { WsGatewayConfig } from '../config';
import { WS_CONFIG } from './realtime.tokens';
import { SessionRevocations } from './session-revocations';
import { SocketRooms } from './socket-rooms';

const PAGE = 500;
/** Existence checks in flight at once after the realm lost a user. */
const CHECKS_IN_FLIGHT = 8;

/**
 * Sockets end with their rights: every few seconds this instance asks Keycloak's admin API for the
 * realm's disabled users (one request per page, however many sockets are open), revokes their
 * sessions in Redis (so no instance accepts their tokens again) and ends their sockets here. It also
 * reads the realm's user count: when it drops, someone was removed, and each user with a socket here
 * is looked up once (a removed one is revoked and cut the same way). Every instance watches for
 * itself: no leader, and an instance's own sockets are cut by itself.
 */
@Injectable()
export class DisabledUsersWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DisabledUsersWatcher.name);
  private readonly base: string;
  private timer?: NodeJS.Timeout;
  private running = false;
  private token?: { value: string; renewAtMs: number };
  private known = new Set<string>();
  private userCount?: number;
  private failing = false;

  constructor(
    @Inject(WS_CONFIG) private readonly config: WsGatewayConfig,
    private readonly revocations: SessionRevocations,
    private readonly rooms: SocketRooms,
  ) {
    this.base = (config.KEYCLOAK_ADMIN_URL ?? config.KEYCLOAK_URL).replace(/\/$/, '');
  }

  onApplicationBootstrap(): void {
    if (!this.config.KEYCLOAK_ADMIN_CLIENT_SECRET) {
      this.logger.warn(
        'KEYCLOAK_ADMIN_CLIENT_SECRET is not set: sockets of users disabled in Keycloak end only when their token expires',
      );
      return;
    }
    this.running = true;
    this.schedule(0);
  }

  onApplicationShutdown(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const disabled = await this.disabledUsers();
      for (const userId of disabled) {
        // Seen disabled for the first time: revoked now, cut at the next look. A ban disables the
        // user just before its `moderation.action` is sent, so the ban ends the sockets itself,
        // with its own reason, in the meantime.
        if (!this.known.has(userId)) {
          await this.revocations.revoke(userId, 'unauthorized', true);
          continue;
        }
        const reason = (await this.revocations.reasonOf(userId)) ?? 'unauthorized';
        const ended = await this.rooms.endSessions(
          userId,
          reason,
          reason === 'banned'
            ? 'A moderator banned you.'
            : 'Your account was disabled: sign in again when it is enabled.',
        );
        if (ended > 0) this.logger.log({ user_id: userId, sockets: ended }, 'disabled user; sockets ended');
      }
      this.known = disabled;
      const count = await this.realmUserCount();
      if (this.userCount !== undefined && count < this.userCount) await this.endRemovedUsers();
      this.userCount = count;
      if (this.failing) this.logger.log('Keycloak watch recovered');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn({ err: error }, 'Keycloak watch failed; retrying');
      this.failing = true;
      this.token = undefined;
    }
    this.schedule(this.config.KEYCLOAK_WATCH_INTERVAL_MS);
  }

  private async disabledUsers(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let first = 0; ; first += PAGE) {
      const response = await this.adminGet(
        `/users?enabled=false&briefRepresentation=true&first=${first}&max=${PAGE}`,
      );
      if (!response.ok) throw new Error(`Keycloak users answered ${response.status}`);
      const page = (await response.json()) as Array<{ id?: unknown; enabled?: unknown }>;
      for (const user of page) if (typeof user.id === 'string' && user.enabled === false) ids.add(user.id);
      if (page.length < PAGE) return ids;
    }
  }

  private async adminGet(path: string): Promise<Response> {
    return fetch(`${this.base}/admin/realms/${encodeURIComponent(this.config.KEYCLOAK_REALM)}${path}`, {
      headers: { authorization: `Bearer ${await this.accessToken()}`, accept: 'application/json' },
      signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
    });
  }

  private async realmUserCount(): Promise<number> {
    const response = await this.adminGet('/users/count');
    if (!response.ok) throw new Error(`Keycloak users/count answered ${response.status}`);
    return Number(await response.json());
  }

  /** After the realm lost a user: each user with a socket here that Keycloak no longer knows is cut. */
  private async endRemovedUsers(): Promise<void> {
    const queue = await this.rooms.localUserIds();
    const check = async (): Promise<void> => {
      for (let userId = queue.shift(); userId; userId = queue.shift()) {
        const response = await this.adminGet(`/users/${encodeURIComponent(userId)}`);
        if (response.status !== 404) continue;
        await this.revocations.revoke(userId, 'unauthorized');
        const ended = await this.rooms.endSessions(
          userId,
          'unauthorized',
          'Your account was removed from CoLink.',
        );
        this.logger.log({ user_id: userId, sockets: ended }, 'removed user; sockets ended');
      }
    };
    await Promise.all(Array.from({ length: CHECKS_IN_FLIGHT }, check));
  }

  /** The service account's token (client credentials), reused until shortly before it expires. */
  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAtMs) return this.token.value;
    const response = await fetch(
      `${this.base}/realms/${encodeURIComponent(this.config.KEYCLOAK_REALM)}/protocol/openid-connect/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.config.KEYCLOAK_ADMIN_CLIENT_ID,
          client_secret: this.config.KEYCLOAK_ADMIN_CLIENT_SECRET ?? '',
        }),
        signal: AbortSignal.timeout(this.config.UPSTREAM_TIMEOUT_MS),
      },
    );
    if (!response.ok) throw new Error(`Keycloak token endpoint answered ${response.status}`);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    this.token = {
      value: body.access_token,
      renewAtMs: Date.now() + Math.max(5, body.expires_in - 30) * 1000,
    };
    return body.access_token;
  }
}
