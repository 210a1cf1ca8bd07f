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

const run = randomUUID().slice(0, 8);
const secret = `int-test-${randomUUID()}`;
const realm = process.env.KEYCLOAK_REALM ?? 'colink';
const clientId = `colink-admin-it-${run}`;
const clientSecret = `client-secret-${randomUUID()}`;
const config = loadAdminConfig({
  ...process.env,
  INTERNAL_AUTH_SECRET: secret,
  DATABASE_SCHEMA: `admin_it_${run}`,
  SERVICE_NAME: `admin-it-${run}`,
  KEYCLOAK_URL: stackEnv.keycloakUrl,
  KEYCLOAK_REALM: realm,
  KEYCLOAK_CLIENT_ID: clientId,
  KEYCLOAK_CLIENT_SECRET: clientSecret,
  LOG_LEVEL: 'warn',
});

const keycloak = new KeycloakAdmin();
let app: INestApplication;
let target: TestUser;
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
    put: (path: string, body: object) =>
      server().put(`/api/v1/admin${path}`).set(IDENTITY_HEADER, header).send(body),
  };
};

function expectProblem(response: request.Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
}

/** The realm roles in a fresh access token of the user. */
async function tokenRoles(user: TestUser): Promise<string[]> {
  const token = await keycloak.passwordToken(user);
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    realm_access?: { roles?: string[] };
  };
  return claims.realm_access?.roles ?? [];
}

beforeAll(async () => {
  await createServiceAccountClient(keycloak, realm, clientId, clientSecret, [
    'view-users',
    'manage-users',
    'view-realm',
  ]);
  target = await keycloak.createUser({ roles: ['member'] });
  moderatorUser = await keycloak.createUser({ roles: ['member', 'moderator'] });
  moderator = { ...identity(moderatorUser.id, ['moderator']) };
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

describe('moderation actions', () => {
  it('records a warning and a mute (201), emits moderation.action, and the audit log has them', async () => {
    const warn = await http(moderator).post('/moderation/actions', {
      action: 'warn',
      target_user_id: target.id,
      reason: 'please keep it civil',
    });
    expect(warn.status).toBe(201);
    expect(warn.body).toMatchObject({
      action: 'warn',
      target_user_id: target.id,
      moderator_id: moderator.sub,
      channel_id: null,
      reason: 'please keep it civil',
      duration_s: null,
      expires_at: null,
    });
    const mute = await http(moderator).post('/moderation/actions', {
      action: 'mute',
      target_user_id: target.id,
      reason: 'flooding',
      duration_s: 600,
    });
    expect(mute.status).toBe(201);
    expect(Date.parse(mute.body.expires_at) - Date.parse(mute.body.created_at)).toBe(600_000);

    // Through the outbox, Kafka and the audit consumer: the event reached the log.
    const audited = await waitFor('both actions in the audit log', async () => {
      const page = await http(admin).get(`/audit?resource_type=user&actor_id=${moderator.sub}`);
      return page.body.items.length === 2 ? page.body.items : undefined;
    });
    expect(audited.map((e: { action: string }) => e.action)).toEqual(['moderation.mute', 'moderation.warn']);
    expect(audited[0].details).toMatchObject({ moderation_action_id: mute.body.id, reason: 'flooding' });
  });

  it('lists actions newest first, by target, with a cursor', async () => {
    const first = await http(moderator).get(`/moderation/actions?target_user_id=${target.id}&limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((a: { action: string }) => a.action)).toEqual(['mute']);
    const second = await http(moderator).get(
      `/moderation/actions?target_user_id=${target.id}&limit=1&cursor=${first.body.next_cursor}`,
    );
    expect(second.body.items.map((a: { action: string }) => a.action)).toEqual(['warn']);
    expect(second.body.next_cursor).toBeNull();
    const other = await http(moderator).get(`/moderation/actions?target_user_id=${randomUUID()}`);
    expect(other.body).toEqual({ items: [], next_cursor: null });
  });

  it('bans in Keycloak (no sign-in, no refresh) and unbans', async () => {
    const tokenUrl = `${stackEnv.keycloakUrl}/realms/${realm}/protocol/openid-connect/token`;
    const signIn = () =>
      fetch(tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'password',
          client_id: 'colink-cli',
          username: target.username,
          password: target.password,
          scope: 'openid',
        }),
      });
    const before = await signIn();
    expect(before.status).toBe(200);
    const { refresh_token: refreshToken } = (await before.json()) as { refresh_token: string };

    const ban = await http(moderator).post('/moderation/actions', {
      action: 'ban',
      target_user_id: target.id,
      reason: 'repeated abuse',
    });
    expect(ban.status).toBe(201);
    expect((await signIn()).status).toBe(400);
    const refresh = await fetch(tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: 'colink-cli',
        refresh_token: refreshToken,
      }),
    });
    expect(refresh.status).toBe(400);

    const unban = await http(moderator).post('/moderation/actions', {
      action: 'unban',
      target_user_id: target.id,
      reason: 'appeal accepted',
    });
    expect(unban.status).toBe(201);
    expect((await signIn()).status).toBe(200);
  });

  it('refuses what is not valid, with nothing recorded', async () => {
    const bad = [
      { action: 'smite', target_user_id: target.id, reason: 'x' },
      { action: 'warn', target_user_id: 'nope', reason: 'x' },
      { action: 'warn', target_user_id: target.id, reason: '' },
      { action: 'warn', target_user_id: target.id, reason: 'x', duration_s: 60 },
      { action: 'kick', target_user_id: target.id, reason: 'x' },
      { action: 'mute', target_user_id: target.id, reason: 'x', duration_s: 0 },
    ];
    for (const body of bad) expectProblem(await http(moderator).post('/moderation/actions', body), 400);
    expectProblem(
      await http(moderator).post('/moderation/actions', {
        action: 'warn',
        target_user_id: moderator.sub,
        reason: 'x',
      }),
      422,
    );
    expectProblem(
      await http(moderator).post('/moderation/actions', {
        action: 'ban',
        target_user_id: randomUUID(),
        reason: 'no such user',
      }),
      404,
    );
    expectProblem(await http(moderator).get('/moderation/actions?cursor=bad'), 400);
    const all = await http(moderator).get(`/moderation/actions?target_user_id=${target.id}&limit=200`);
    expect(all.body.items).toHaveLength(4);
  });

  it('is for moderators and admins: members get 403', async () => {
    expectProblem(
      await http(member).post('/moderation/actions', {
        action: 'warn',
        target_user_id: target.id,
        reason: 'x',
      }),
      403,
    );
    expectProblem(await http(member).get('/moderation/actions'), 403);
    expect((await http(admin).get('/moderation/actions')).status).toBe(200);
  });
});

describe('roles', () => {
  it('applies realm roles in Keycloak: they show in the next token, and revoking works', async () => {
    const granted = await http(admin).put(`/users/${target.id}/roles`, { roles: ['moderator'] });
    expect(granted.status).toBe(200);
    expect(granted.body.roles).toEqual(expect.arrayContaining(['member', 'moderator']));
    expect(await tokenRoles(target)).toEqual(expect.arrayContaining(['moderator', 'member']));

    const revoked = await http(admin).put(`/users/${target.id}/roles`, { roles: [] });
    expect(revoked.body.roles).not.toContain('moderator');
    expect(await tokenRoles(target)).not.toContain('moderator');

    await waitFor('the role changes in the audit log', async () => {
      const page = await http(admin).get(`/audit?action=user.roles_changed&actor_id=${admin.sub}`);
      return page.body.items.length === 2 ? true : undefined;
    });
  });

  it('refuses moderators and members (403), bad roles (400) and unknown users (404)', async () => {
    expectProblem(await http(moderator).put(`/users/${target.id}/roles`, { roles: ['admin'] }), 403);
    expectProblem(await http(member).put(`/users/${target.id}/roles`, { roles: ['admin'] }), 403);
    expectProblem(await http(admin).put(`/users/${target.id}/roles`, { roles: ['root'] }), 400);
    expectProblem(await http(admin).put(`/users/not-a-uuid/roles`, { roles: [] }), 400);
    expectProblem(await http(admin).put(`/users/${randomUUID()}/roles`, { roles: [] }), 404);
    expect(await tokenRoles(target)).not.toContain('admin');
  });
});
