import { randomUUID } from 'node:crypto';
import { stackEnv } from './stack-env';

const realm = process.env.KEYCLOAK_REALM ?? 'colink';
const adminUser = process.env.KEYCLOAK_ADMIN ?? 'admin';
const adminPassword = process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin';

async function form(url: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Talks to the real Keycloak of the stack: users, tokens and throwaway realms for tests. */
export class KeycloakAdmin {
  private token?: { value: string; until: number };

  constructor(readonly baseUrl = stackEnv.keycloakUrl) {}

  private async adminToken(): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const body = await form(`${this.baseUrl}/realms/master/protocol/openid-connect/token`, {
      grant_type: 'password',
      client_id: 'admin-cli',
      username: adminUser,
      password: adminPassword,
    });
    this.token = { value: body.access_token as string, until: Date.now() + 30_000 };
    return this.token.value;
  }

  async api(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await fetch(`${this.baseUrl}/admin/realms${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.adminToken()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 400)
      throw new Error(`Keycloak ${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response;
  }

  /** A new user in the colink realm (or `inRealm`), with realm roles; returns the user's id (the token's sub). */
  async createUser(
    options: { username?: string; name?: string; roles?: string[]; password?: string; inRealm?: string } = {},
  ): Promise<TestUser> {
    const username = options.username ?? `user-${randomUUID().slice(0, 8)}`;
    const password = options.password ?? 'test-password-1';
    const target = options.inRealm ?? realm;
    const [firstName, ...rest] = (options.name ?? `Test ${username}`).split(' ');
    const created = await this.api('POST', `/${target}/users`, {
      username,
      enabled: true,
      email: `${username}@example.test`,
      emailVerified: true,
      firstName,
      lastName: rest.join(' ') || 'User',
      credentials: [{ type: 'password', value: password, temporary: false }],
    });
    const id = created.headers.get('location')!.split('/').pop()!;
    if (options.roles?.length) {
      const roles = await Promise.all(
        options.roles.map(async (role) => (await this.api('GET', `/${target}/roles/${role}`)).json()),
      );
      await this.api('POST', `/${target}/users/${id}/role-mappings/realm`, roles);
    }
    return { id, username, password, realm: target };
  }

  async disableUser(id: string, inRealm = realm): Promise<void> {
    await this.api('PUT', `/${inRealm}/users/${id}`, { enabled: false });
  }

  async createRealm(name: string): Promise<void> {
    await this.api('POST', '', {
      realm: name,
      enabled: true,
      clients: [
        {
          clientId: 'colink-cli',
          publicClient: true,
          directAccessGrantsEnabled: true,
          standardFlowEnabled: false,
        },
      ],
    });
  }

  async deleteRealm(name: string): Promise<void> {
    await this.api('DELETE', `/${name}`).catch(() => undefined);
  }

  /** A public client with direct grants whose access tokens live `lifespanS` seconds. */
  async createShortLivedClient(clientId: string, lifespanS: number): Promise<void> {
    await this.api('POST', `/${realm}/clients`, {
      clientId,
      publicClient: true,
      directAccessGrantsEnabled: true,
      standardFlowEnabled: false,
      attributes: { 'access.token.lifespan': String(lifespanS) },
    });
  }

  async deleteClient(clientId: string): Promise<void> {
    const found = (await (
      await this.api('GET', `/${realm}/clients?clientId=${encodeURIComponent(clientId)}`)
    ).json()) as Array<{ id: string }>;
    for (const client of found) await this.api('DELETE', `/${realm}/clients/${client.id}`);
  }

  /**
   * A confidential client with a service account holding the given realm-management roles (as the
   * realm file's service clients have), for a service under test to call the admin API with.
   */
  async createServiceAccountClient(
    clientId: string,
    secret: string,
    managementRoles: string[],
    inRealm = realm,
  ): Promise<void> {
    await this.api('POST', `/${inRealm}/clients`, {
      clientId,
      enabled: true,
      publicClient: false,
      secret,
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    const idOf = async (id: string) =>
      (
        (await (await this.api('GET', `/${inRealm}/clients?clientId=${id}`)).json()) as Array<{ id: string }>
      )[0]!.id;
    const client = await idOf(clientId);
    const management = await idOf('realm-management');
    const account = (await (
      await this.api('GET', `/${inRealm}/clients/${client}/service-account-user`)
    ).json()) as { id: string };
    const roles = await Promise.all(
      managementRoles.map(async (name) =>
        (await this.api('GET', `/${inRealm}/clients/${management}/roles/${name}`)).json(),
      ),
    );
    await this.api('POST', `/${inRealm}/users/${account.id}/role-mappings/clients/${management}`, roles);
  }

  async passwordToken(
    user: Pick<TestUser, 'username' | 'password'> & { realm?: string },
    clientId = 'colink-cli',
  ): Promise<string> {
    const body = await form(`${this.baseUrl}/realms/${user.realm ?? realm}/protocol/openid-connect/token`, {
      grant_type: 'password',
      client_id: clientId,
      username: user.username,
      password: user.password,
      scope: 'openid',
    });
    return body.access_token as string;
  }
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  realm: string;
}
