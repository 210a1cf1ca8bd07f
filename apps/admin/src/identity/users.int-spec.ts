import { PROBLEM_CONTENT_TYPE } from '@colink/contracts';
import { IDENTITY_HEADER, signIdentity, startEventTransport } from '@colink/platform';
import { KeycloakAdmin, TestUser, seekGroupToEnd, stackEnv, waitFor } from '@colink/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../app.module';
import { loadAdminConfig } from '../config';
import { createServiceAccountClient } from '../testing/service-account';
import { SignInEvents } from './sign-in-events';

/** The people list, bans that end by themselves, and Keycloak's sign-in failures in the audit log. */
const run = randomUUID().slice(0, 8);
const secret = `int-test-${randomUUID()}`;
const realm = process.env.KEYCLOAK_REALM ?? 'colink';
const clientId = `colink-admin-users-it-${run}`;
const clientSecret = `client-secret-${randomUUID()}`;
const config = loadAdminConfig({
  ...process.env,
  INTERNAL_AUTH_SECRET: secret,
  DATABASE_SCHEMA: `admin_users_it_${run}`,
  SERVICE_NAME: `admin-users-it-${run}`,
  KEYCLOAK_URL: stackEnv.keycloakUrl,
  KEYCLOAK_REALM: realm,
  KEYCLOAK_CLIENT_ID: clientId,
  KEYCLOAK_CLIENT_SECRET: clientSecret,
  BAN_EXPIRY_INTERVAL_MS: '500',
  // Polled by hand below, so the counts are this test's own.
  KEYCLOAK_EVENTS_POLL_MS: '0',
  LOG_LEVEL: 'warn',
});

const keycloak = new KeycloakAdmin();
let app: INestApplication;
let alice: TestUser;
let bob: TestUser;
let moderatorUser: TestUser;

const identity = (sub: string, roles: string[]) => ({
  sub,
  username: `u-${sub.slice(0, 8)}`,
  email: null,
  name: null,
  roles: ['member', ...roles],
});
const admin = identity(randomUUID(), ['admin']);
const member = identity(randomUUID(), []);
let moderator = identity(randomUUID(), ['moderator']);

const http = (who: ReturnType<typeof identity>) => {
  const header = signIdentity(who, secret);
  const server = () => request(app.getHttpServer());
  return {
    get: (path: string) => server().get(`/api/v1/admin${path}`).set(IDENTITY_HEADER, header),
    post: (path: string, body: object) =>
      server().post(`/api/v1/admin${path}`).set(IDENTITY_HEADER, header).send(body),
  };
};

function expectProblem(response: request.Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
}

const tokenUrl = () => `${stackEnv.keycloakUrl}/realms/${realm}/protocol/openid-connect/token`;
const signIn = (user: TestUser, password = user.password) =>
  fetch(tokenUrl(), {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'colink-cli',
      username: user.username,
      password,
      scope: 'openid',
    }),
  });

/** The realm stores sign-in failures, as deploy/keycloak/colink-realm.json asks. */
async function enableLoginEvents(): Promise<void> {
  const current = (await (await keycloak.api('GET', `/${realm}/events/config`)).json()) as {
    enabledEventTypes?: string[];
  };
  const types = new Set([...(current.enabledEventTypes ?? []), 'LOGIN_ERROR']);
  await keycloak.api('PUT', `/${realm}/events/config`, {
    ...current,
    eventsEnabled: true,
    enabledEventTypes: [...types],
  });
}

beforeAll(async () => {
  await createServiceAccountClient(keycloak, realm, clientId, clientSecret, [
    'view-users',
    'manage-users',
    'view-realm',
    'view-events',
  ]);
  await enableLoginEvents();
  alice = await keycloak.createUser({ username: `alice-${run}`, name: 'Alice Liddell', roles: ['member'] });
  bob = await keycloak.createUser({ username: `bob-${run}`, roles: ['member', 'moderator'] });
  moderatorUser = await keycloak.createUser({ username: `mod-${run}`, roles: ['member', 'moderator'] });
  moderator = identity(moderatorUser.id, ['moderator']);
  await seekGroupToEnd(`colink-${config.SERVICE_NAME}`);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  await startEventTransport(app);
}, 90_000);

afterAll(async () => {
  await app?.close();
  await keycloak.deleteClient(clientId).catch(() => undefined);
  const sql = new Client({ connectionString: stackEnv.databaseUrl });
  await sql.connect();
  await sql.query(`DROP SCHEMA IF EXISTS "${config.DATABASE_SCHEMA}" CASCADE`);
  await sql.end();
});

describe('the people list', () => {
  it('lists users with roles and status, searchable, page by page', async () => {
    const page = await http(moderator).get(`/users?query=${run}&limit=10`);
    expect(page.status).toBe(200);
    const byName = Object.fromEntries(page.body.items.map((u: { username: string }) => [u.username, u]));
    expect(Object.keys(byName).sort()).toEqual([`alice-${run}`, `bob-${run}`, `mod-${run}`]);
    expect(byName[`alice-${run}`]).toEqual({
      id: alice.id,
      username: `alice-${run}`,
      email: `alice-${run}@example.test`,
      name: 'Alice Liddell',
      enabled: true,
      roles: ['member'],
      status: 'active',
      muted_until: null,
      banned_until: null,
    });
    expect(byName[`bob-${run}`].roles).toEqual(['moderator', 'member']);

    const first = await http(admin).get(`/users?query=${run}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await http(admin).get(`/users?query=${run}&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.next_cursor).toBeNull();
    const seen = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id).sort();
    expect(seen).toEqual([alice.id, bob.id, moderatorUser.id].sort());
  });

  it('shows a mute with its end', async () => {
    const mute = await http(moderator).post('/moderation/actions', {
      action: 'mute',
      target_user_id: alice.id,
      reason: 'cool down',
      duration_s: 3600,
    });
    expect(mute.status).toBe(201);
    const page = await http(moderator).get(`/users?query=alice-${run}`);
    expect(page.body.items[0]).toMatchObject({ status: 'muted', muted_until: mute.body.expires_at });
    await http(moderator).post('/moderation/actions', {
      action: 'unmute',
      target_user_id: alice.id,
      reason: 'fine now',
    });
    const after = await http(moderator).get(`/users?query=alice-${run}`);
    expect(after.body.items[0]).toMatchObject({ status: 'active', muted_until: null });
  });

  it('refuses bad input and members', async () => {
    expectProblem(await http(moderator).get('/users?limit=0'), 400);
    expectProblem(await http(moderator).get('/users?limit=101'), 400);
    expectProblem(await http(moderator).get(`/users?query=${'x'.repeat(101)}`), 400);
    expectProblem(await http(moderator).get('/users?cursor=bad'), 400);
    const first = await http(admin).get(`/users?query=${run}&limit=1`);
    // A cursor is for the search it came from.
    expectProblem(await http(admin).get(`/users?query=other&cursor=${first.body.next_cursor}`), 400);
    expectProblem(await http(member).get('/users'), 403);
  });
});

describe('a ban with a duration', () => {
  it('ends by itself: the user signs in again and the end is audited', async () => {
    const ban = await http(moderator).post('/moderation/actions', {
      action: 'ban',
      target_user_id: bob.id,
      reason: 'a day off',
      duration_s: 2,
    });
    expect(ban.status).toBe(201);
    expect((await signIn(bob)).status).toBe(400);
    const listed = await http(moderator).get(`/users?query=bob-${run}`);
    expect(listed.body.items[0]).toMatchObject({
      enabled: false,
      status: 'banned',
      banned_until: ban.body.expires_at,
    });

    await waitFor(
      'the ban lifted',
      async () => ((await signIn(bob)).status === 200 ? true : undefined),
      20_000,
    );
    const audited = await waitFor('the end of the ban audited', async () => {
      const page = await http(admin).get(`/audit?action=moderation.ban_expired`);
      return page.body.items.find((e: { resource_id: string }) => e.resource_id === bob.id);
    });
    expect(audited).toMatchObject({
      actor_id: null,
      resource_type: 'user',
      details: { moderation_action_id: ban.body.id, reason: 'a day off' },
    });
    const after = await http(moderator).get(`/users?query=bob-${run}`);
    expect(after.body.items[0]).toMatchObject({ enabled: true, status: 'active', banned_until: null });
  });

  it('a later unban or ban decides: an indefinite ban is not lifted by an earlier ban ending', async () => {
    await http(moderator).post('/moderation/actions', {
      action: 'ban',
      target_user_id: bob.id,
      reason: 'short',
      duration_s: 1,
    });
    await http(moderator).post('/moderation/actions', {
      action: 'ban',
      target_user_id: bob.id,
      reason: 'for good',
    });
    // Several sweeps pass (every 500 ms): bob stays out.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect((await signIn(bob)).status).toBe(400);
    await http(moderator).post('/moderation/actions', {
      action: 'unban',
      target_user_id: bob.id,
      reason: 'appeal',
    });
    expect((await signIn(bob)).status).toBe(200);
  });
});

describe('sign-in failures reported by Keycloak', () => {
  it('land in the audit log once each, with who and from where', async () => {
    expect((await signIn(alice, 'wrong-password')).status).toBe(401);
    const events = app.get(SignInEvents);
    const added = await waitFor('Keycloak stored the failure', async () => {
      const count = await events.poll();
      return count > 0 ? count : undefined;
    });
    expect(added).toBeGreaterThanOrEqual(1);
    // Read again: nothing new (deduplicated by Keycloak's event id).
    expect(await events.poll()).toBe(0);

    const entry = await waitFor('the failure in the audit log', async () => {
      const page = await http(admin).get(`/audit?action=auth.sign_in_failed&actor_id=${alice.id}`);
      return page.body.items[0];
    });
    expect(entry).toMatchObject({
      actor_id: alice.id,
      resource_type: 'user',
      resource_id: alice.id,
      details: {
        event_type: 'LOGIN_ERROR',
        error: 'invalid_user_credentials',
        username: alice.username,
        client_id: 'colink-cli',
      },
    });
    expect(typeof entry.details.ip_address).toBe('string');
    const all = await http(admin).get(`/audit?action=auth.sign_in_failed&actor_id=${alice.id}`);
    expect(all.body.items).toHaveLength(1);
  });
});
