import { Inject, Injectable, Logger } from '@nestjs/common';
import { AdminErrorCode, adminError } from '../common/admin.errors';
import { AdminConfig } from '../config';

export const ADMIN_CONFIG = Symbol('ADMIN_CONFIG');

/** The realm roles CoLink manages; any other realm role a user has is left alone. */
const MANAGED_ROLES = ['admin', 'moderator', 'member'];

interface RoleRepresentation {
  id: string;
  name: string;
}

/** The fields of Keycloak's UserRepresentation CoLink reads. */
export interface KeycloakUser {
  id: string;
  username: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  enabled: boolean;
}

/** The fields of Keycloak's EventRepresentation CoLink reads (a user event, e.g. LOGIN_ERROR). */
export interface KeycloakEvent {
  id?: string;
  time: number;
  type: string;
  clientId?: string;
  userId?: string;
  ipAddress?: string;
  error?: string;
  details?: Record<string, string>;
}

/**
 * Keycloak's admin API, as the least-privilege service-account client (realm-management roles
 * view-users, manage-users, view-realm): enable/disable users, end their sessions, map realm roles.
 * Every failure is a 503 problem: the caller records nothing.
 */
@Injectable()
export class KeycloakAdminClient {
  private readonly logger = new Logger(KeycloakAdminClient.name);
  private token?: { value: string; until: number };

  constructor(@Inject(ADMIN_CONFIG) private readonly config: AdminConfig) {}

  async setEnabled(userId: string, enabled: boolean): Promise<void> {
    const user = (await (await this.call('GET', `/users/${userId}`)).json()) as Record<string, unknown>;
    await this.call('PUT', `/users/${userId}`, { ...user, enabled });
  }

  /** Ends every session of the user: their refresh tokens stop working. */
  async logout(userId: string): Promise<void> {
    await this.call('POST', `/users/${userId}/logout`);
  }

  /** Makes the user's managed realm roles exactly `roles`; returns their realm roles afterwards. */
  async setRealmRoles(userId: string, roles: string[]): Promise<string[]> {
    const path = `/users/${userId}/role-mappings/realm`;
    const current = (await (await this.call('GET', path)).json()) as RoleRepresentation[];
    const remove = current.filter((r) => MANAGED_ROLES.includes(r.name) && !roles.includes(r.name));
    const missing = roles.filter((name) => !current.some((r) => r.name === name));
    const add = await Promise.all(
      missing.map(
        async (name) => (await (await this.call('GET', `/roles/${name}`)).json()) as RoleRepresentation,
      ),
    );
    if (remove.length) await this.call('DELETE', path, remove);
    if (add.length) await this.call('POST', path, add);
    const after = (await (await this.call('GET', path)).json()) as RoleRepresentation[];
    return after.map((r) => r.name).sort();
  }

  /** A page of users, ordered as Keycloak orders them; `search` is found anywhere in name, username or email. */
  async listUsers(search: string | undefined, first: number, max: number): Promise<KeycloakUser[]> {
    const query = new URLSearchParams({
      first: String(first),
      max: String(max),
      briefRepresentation: 'true',
    });
    // Keycloak searches by prefix unless asked for infix (`*term*`); its own wildcards are dropped.
    const term = search?.replace(/[*"]/g, '').trim();
    if (term) query.set('search', `*${term}*`);
    return (await (await this.call('GET', `/users?${query}`)).json()) as KeycloakUser[];
  }

  /** The ids of the users holding a realm role directly (CoLink grants roles directly). */
  async roleMemberIds(role: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let first = 0; ; first += 500) {
      const page = (await (
        await this.call('GET', `/roles/${role}/users?first=${first}&max=500&briefRepresentation=true`)
      ).json()) as KeycloakUser[];
      page.forEach((user) => ids.add(user.id));
      if (page.length < 500) return ids;
    }
  }

  /**
   * User events of the given types since `since` (epoch ms), oldest first. Needs events stored in
   * the realm (eventsEnabled) and the realm-management role view-events.
   */
  async events(types: string[], since: number, max: number): Promise<KeycloakEvent[]> {
    const query = new URLSearchParams({ dateFrom: String(since), first: '0', max: String(max) });
    types.forEach((type) => query.append('type', type));
    const events = (await (await this.call('GET', `/events?${query}`)).json()) as KeycloakEvent[];
    return events.sort((a, b) => a.time - b.time);
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const url = `${this.config.KEYCLOAK_URL}/admin/realms/${this.config.KEYCLOAK_REALM}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${await this.accessToken()}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      this.logger.warn({ err: error, method, path }, 'Keycloak admin API unreachable');
      throw adminError(AdminErrorCode.IdentityUnavailable);
    }
    if (response.status === 404 && path.startsWith('/users/')) throw adminError(AdminErrorCode.UnknownUser);
    if (!response.ok) {
      this.logger.warn(
        { status: response.status, method, path, body: await response.text() },
        'Keycloak refused',
      );
      throw adminError(AdminErrorCode.IdentityUnavailable);
    }
    return response;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const secret = this.config.KEYCLOAK_CLIENT_SECRET;
    if (!secret)
      throw adminError(
        AdminErrorCode.IdentityUnavailable,
        'The identity provider is not configured for admin changes.',
      );
    const response = await fetch(
      `${this.config.KEYCLOAK_URL}/realms/${this.config.KEYCLOAK_REALM}/protocol/openid-connect/token`,
      {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.config.KEYCLOAK_CLIENT_ID,
          client_secret: secret,
        }),
        signal: AbortSignal.timeout(10_000),
      },
    ).catch(() => null);
    if (!response?.ok) throw adminError(AdminErrorCode.IdentityUnavailable);
    const body = (await response.json()) as { access_token: string; expires_in: number };
    this.token = { value: body.access_token, until: Date.now() + (body.expires_in - 10) * 1000 };
    return this.token.value;
  }
}
