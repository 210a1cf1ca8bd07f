import { Topics } from '@colink/contracts';
import { createKafka, IDENTITY_HEADER } from '@colink/platform';
import {
  GatewayClient,
  accessLines,
  requestCount,
  KeycloakAdmin,
  ServiceProcess,
  TestUser,
  TopicReader,
  stackEnv,
  waitFor,
} from '@colink/testing';
import SwaggerParser from '@apidevtools/swagger-parser';
import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders, request } from 'node:http';
import { Client } from 'pg';

/**
 * The front door end to end: a real Keycloak token, the gateway on a test port, and the users
 * service behind it in a schema of its own, all against the real stack.
 */
const secret = 'gateway-int-test-internal-secret';
const schema = `users_it_${randomUUID().slice(0, 8)}`;
const usersPort = 14101;
const users = new ServiceProcess('users', usersPort, {
  INTERNAL_AUTH_SECRET: secret,
  DATABASE_SCHEMA: schema,
});
const gatewayEnv = {
  INTERNAL_AUTH_SECRET: secret,
  USERS_URL: `http://127.0.0.1:${usersPort}`,
  ADMIN_URL: 'http://127.0.0.1:14199',
  TOKEN_CLOCK_TOLERANCE_S: '0',
};
const gatewayMetricsPort = 27590;
const gateway = new ServiceProcess('gateway', 18180, {
  ...gatewayEnv,
  METRICS_PORT: String(gatewayMetricsPort),
  LOG_LEVEL: 'info', // its access log is read below
});
// A second gateway with tiny budgets, so the rate limit shows within a few requests.
const tight = new ServiceProcess('gateway', 18181, {
  ...gatewayEnv,
  RATE_LIMIT_USER_WRITES: '5',
  RATE_LIMIT_USER_READS: '8',
  RATE_LIMIT_WINDOW_S: '30',
});

// And one with a tiny per-IP write budget, shared by every user calling from this address.
const ipTight = new ServiceProcess('gateway', 18182, {
  ...gatewayEnv,
  RATE_LIMIT_IP_WRITES: '3',
  RATE_LIMIT_WINDOW_S: '30',
});

const keycloak = new KeycloakAdmin();
const kafka = createKafka({ brokers: stackEnv.kafkaBrokers, clientId: 'gateway-int-test' });
const userEvents = new TopicReader(kafka);
const db = new Client({ connectionString: stackEnv.databaseUrl });
const api = new GatewayClient(gateway.url);
const foreignRealm = `colink-foreign-${randomUUID().slice(0, 6)}`;
const shortClient = `colink-short-${randomUUID().slice(0, 6)}`;

let member: TestUser;
let memberToken: string;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const usersRows = async (id: string) =>
  (await db.query(`SELECT * FROM "${schema}".users WHERE id = $1`, [id])).rows;

beforeAll(async () => {
  await db.connect();
  await userEvents.start([Topics.UserCreated, Topics.UserUpdated]);
  users.start();
  await users.ready(90_000);
  gateway.start();
  tight.start();
  ipTight.start();
  await Promise.all([gateway.ready(90_000), tight.ready(90_000), ipTight.ready(90_000)]);
  member = await keycloak.createUser({ name: 'Mia Member' });
  memberToken = await keycloak.passwordToken(member);
}, 200_000);

afterAll(async () => {
  await Promise.all([gateway.stop(), tight.stop(), ipTight.stop(), users.stop()]);
  await userEvents.close();
  await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await db.end();
  await keycloak.deleteRealm(foreignRealm);
  await keycloak.deleteClient(shortClient).catch(() => undefined);
});

describe('bearer tokens at the gateway', () => {
  const expect401 = async (headers: Record<string, string>, detail: RegExp) => {
    const response = await api.get('/api/v1/users/me', headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized', instance: '/api/v1/users/me' });
    expect(String(response.body.detail)).toMatch(detail);
  };

  it('refuses a request without a token', () => expect401({}, /bearer token is required/));

  it('refuses an unsigned token (alg none)', async () => {
    const claims = JSON.parse(Buffer.from(memberToken.split('.')[1], 'base64url').toString());
    await expect401(
      { authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.` },
      /refused/,
    );
  });

  it('refuses a token whose payload was tampered with', async () => {
    const [header, payload, signature] = memberToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.realm_access = { roles: ['admin', 'member'] };
    await expect401(
      { authorization: `Bearer ${header}.${b64(claims)}.${signature}` },
      /signature does not verify/,
    );
  });

  it('refuses a token from another realm', async () => {
    await keycloak.createRealm(foreignRealm);
    const stranger = await keycloak.createUser({ inRealm: foreignRealm });
    const token = await keycloak.passwordToken({ ...stranger, realm: foreignRealm });
    await expect401({ authorization: `Bearer ${token}` }, /refused/);
  });

  it('refuses an expired token', async () => {
    await keycloak.createShortLivedClient(shortClient, 1);
    const token = await keycloak.passwordToken(member, shortClient);
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number };
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 1_200));
    await expect401({ authorization: `Bearer ${token}` }, /token expired/);
  });

  it('accepts tokens signed with a newly rotated realm key', async () => {
    const realmId = ((await (await keycloak.api('GET', '/colink')).json()) as { id: string }).id;
    const created = await keycloak.api('POST', '/colink/components', {
      name: `rotated-${randomUUID().slice(0, 6)}`,
      providerId: 'rsa-generated',
      providerType: 'org.keycloak.keys.KeyProvider',
      parentId: realmId,
      config: {
        priority: ['500'],
        keySize: ['2048'],
        active: ['true'],
        enabled: ['true'],
        algorithm: ['RS256'],
      },
    });
    const componentId = created.headers.get('location')!.split('/').pop()!;
    try {
      const token = await keycloak.passwordToken(member);
      const { kid } = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string };
      const oldKid = JSON.parse(Buffer.from(memberToken.split('.')[0], 'base64url').toString()).kid;
      expect(kid).not.toBe(oldKid);
      // The gateway refetches the key set for an unknown key id, at most every few seconds.
      await waitFor(
        'the gateway to accept the rotated key',
        async () => (await api.as(token).get('/api/v1/users/me')).status === 200,
        15_000,
        500,
      );
    } finally {
      await keycloak.api('DELETE', `/colink/components/${componentId}`);
    }
  });

  it('refuses garbage in the Authorization header', () =>
    expect401({ authorization: 'Bearer not.a.jwt' }, /refused/));
});

describe('identity behind the gateway', () => {
  it('provisions the caller from the token on the first request', async () => {
    const response = await api.as(memberToken).get('/api/v1/users/me');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: member.id,
      username: member.username,
      email: `${member.username}@example.test`,
      display_name: 'Mia Member',
      roles: ['member'],
      status_text: null,
    });
  });

  it('provisions exactly once under concurrent first requests, with one user.created event', async () => {
    const newcomer = await keycloak.createUser({ name: 'Nina Newcomer' });
    const token = await keycloak.passwordToken(newcomer);
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => api.as(token).get('/api/v1/users/me')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(new Set(responses.map((r) => r.body.id))).toEqual(new Set([newcomer.id]));
    expect(await usersRows(newcomer.id)).toHaveLength(1);
    await waitFor('user.created on Kafka', () =>
      userEvents.envelopes(Topics.UserCreated).some((e) => (e.data as { id: string }).id === newcomer.id),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(
      userEvents.envelopes(Topics.UserCreated).filter((e) => (e.data as { id: string }).id === newcomer.id),
    ).toHaveLength(1);
  });

  it('ignores an identity header a client sends, and services refuse requests that bypass the gateway', async () => {
    const forged = `${b64({ sub: randomUUID(), username: 'mallory', email: null, name: null, roles: ['admin'], iat: Math.floor(Date.now() / 1000) })}.AAAA`;
    const viaGateway = await api.as(memberToken).get('/api/v1/users/me', { [IDENTITY_HEADER]: forged });
    expect(viaGateway.body.id).toBe(member.id);

    for (const headers of [{}, { [IDENTITY_HEADER]: forged }, { authorization: `Bearer ${memberToken}` }]) {
      const direct = await fetch(`${users.url}/api/v1/users/me`, { headers });
      expect(direct.status).toBe(401);
      expect(await direct.json()).toMatchObject({
        detail: 'This service accepts requests only through the gateway.',
      });
    }
  });

  it('enforces realm roles: a member cannot reach the admin surface, an admin can', async () => {
    const denied = await api.as(memberToken).get('/api/v1/admin/audit');
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ status: 403, detail: 'This needs the role admin or moderator.' });

    const admin = await keycloak.createUser({ roles: ['admin'] });
    const allowed = await api.as(await keycloak.passwordToken(admin)).get('/api/v1/admin/audit');
    // No admin service listens in this test: getting past the role check reaches the upstream.
    expect(allowed.status).toBe(503);
    expect(allowed.body.detail).toMatch(/admin service did not answer/);
  });

  it('reflects role changes made in Keycloak on the next token', async () => {
    const person = await keycloak.createUser();
    const before = await api.as(await keycloak.passwordToken(person)).get('/api/v1/users/me');
    expect(before.body.roles).toEqual(['member']);
    const moderator = await (await keycloak.api('GET', '/colink/roles/moderator')).json();
    await keycloak.api('POST', `/colink/users/${person.id}/role-mappings/realm`, [moderator]);
    const after = await api.as(await keycloak.passwordToken(person)).get('/api/v1/users/me');
    expect(after.body.roles).toEqual(['member', 'moderator']);
    await waitFor('user.updated with the new role', () =>
      userEvents
        .envelopes(Topics.UserUpdated)
        .some(
          (e) =>
            (e.data as { id: string; roles: string[] }).id === person.id &&
            (e.data as { roles: string[] }).roles.includes('moderator'),
        ),
    );
  });
});

describe('profiles, status and the directory', () => {
  it('updates the profile and status, emits user.updated, and lets an expired status lapse', async () => {
    const client = api.as(memberToken);
    const expiry = new Date(Date.now() + 2_500).toISOString();
    const updated = await client.patch('/api/v1/users/me', {
      display_name: 'Mia M.',
      status_text: 'In a meeting',
      status_emoji: '📅',
      status_expiry: expiry,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      display_name: 'Mia M.',
      status_text: 'In a meeting',
      status_emoji: '📅',
      status_expiry: expiry,
    });
    await waitFor('user.updated on Kafka', () =>
      userEvents
        .envelopes(Topics.UserUpdated)
        .some((e) => (e.data as { display_name: string }).display_name === 'Mia M.'),
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const later = await client.get('/api/v1/users/me');
    expect(later.body).toMatchObject({
      display_name: 'Mia M.',
      status_text: null,
      status_emoji: null,
      status_expiry: null,
    });
  });

  it('finds people by username prefix and by a misspelled display name, and pages', async () => {
    const tag = randomUUID()
      .replace(/-/g, '')
      .slice(0, 8)
      .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)]);
    const quartz = await keycloak.createUser({
      username: `zeb${tag}-quartz`,
      name: `Zebulon Quartzmann${tag}`,
    });
    const keeper = await keycloak.createUser({ username: `zeb${tag}-keeper`, name: 'Kim Keeper' });
    for (const person of [quartz, keeper])
      await api.as(await keycloak.passwordToken(person)).get('/api/v1/users/me');

    const client = api.as(memberToken);
    const prefix = await client.get<{ items: Array<{ username: string }>; next_cursor: string | null }>(
      `/api/v1/users?query=zeb${tag}`,
    );
    expect(prefix.status).toBe(200);
    expect(prefix.body.items.map((u) => u.username).sort()).toEqual(
      [keeper.username, quartz.username].sort(),
    );

    const fuzzy = await client.get<{ items: Array<{ id: string }> }>(
      `/api/v1/users?query=${encodeURIComponent(`Quartzman${tag}`.replace('tz', 'z'))}`,
    );
    expect(fuzzy.body.items.map((u) => u.id)).toContain(quartz.id);

    const first = await client.get<{ items: Array<{ id: string }>; next_cursor: string | null }>(
      `/api/v1/users?query=zeb${tag}&limit=1`,
    );
    expect(first.body.items).toHaveLength(1);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await client.get<{ items: Array<{ id: string }>; next_cursor: string | null }>(
      `/api/v1/users?query=zeb${tag}&limit=1&cursor=${first.body.next_cursor}`,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);

    const one = await client.get(`/api/v1/users/${quartz.id}`);
    expect(one.body).toMatchObject({ id: quartz.id, username: quartz.username });
  });
});

describe('bad input writes nothing and answers 4xx problem+json', () => {
  const cases: Array<
    [
      string,
      () => Promise<{ status: number; headers: Headers; body: unknown }>,
      number,
      RegExp | string | null,
    ]
  > = [
    [
      'a wrong type',
      () => api.as(memberToken).patch('/api/v1/users/me', { display_name: 5 }),
      400,
      'display_name',
    ],
    [
      'an unknown field',
      () => api.as(memberToken).patch('/api/v1/users/me', { display_name: 'X', is_admin: true }),
      400,
      'is_admin',
    ],
    ['an empty patch', () => api.as(memberToken).patch('/api/v1/users/me', {}), 400, null],
    [
      // One in the past is accepted: it clears the status at once (docs/api-changes.md).
      'a status expiry that is not a time',
      () => api.as(memberToken).patch('/api/v1/users/me', { status_expiry: 'tomorrow' }),
      400,
      'status_expiry',
    ],
    [
      'malformed JSON',
      () => api.as(memberToken).request('PATCH', '/api/v1/users/me', { rawBody: '{"display_name": ' }),
      400,
      null,
    ],
    [
      'an oversized body',
      () => api.as(memberToken).patch('/api/v1/users/me', { display_name: 'x'.repeat(600 * 1024) }),
      413,
      null,
    ],
    [
      'a non-JSON body',
      () =>
        api.as(memberToken).request('PATCH', '/api/v1/users/me', {
          rawBody: 'display_name=X',
          headers: { 'content-type': 'text/plain' },
        }),
      415,
      null,
    ],
    ['a bad user id', () => api.as(memberToken).get('/api/v1/users/not-a-uuid'), 400, 'id'],
    ['an unknown user', () => api.as(memberToken).get(`/api/v1/users/${randomUUID()}`), 404, null],
    ['a forged cursor', () => api.as(memberToken).get('/api/v1/users?cursor=bm9wZQ'), 400, 'cursor'],
    ['a limit over 200', () => api.as(memberToken).get('/api/v1/users?limit=201'), 400, 'limit'],
    ['an unknown route', () => api.as(memberToken).get('/api/v1/nothing-here'), 404, null],
  ];

  it.each(cases)('%s', async (_name, call, status, field) => {
    const before = await usersRows(member.id);
    const response = await call();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = response.body as { status: number; errors?: Array<{ field: string }> };
    expect(problem.status).toBe(status);
    if (field) expect(problem.errors?.map((e) => e.field).join(',')).toMatch(field);
    expect(JSON.stringify(problem)).not.toMatch(/\n\s+at |node_modules/);
    expect(await usersRows(member.id)).toEqual(before);
  });
});

describe('the front door', () => {
  it('rate-limits per user with separate read and write budgets, answering 429 with Retry-After', async () => {
    const person = await keycloak.createUser();
    const client = new GatewayClient(tight.url, await keycloak.passwordToken(person));
    const writes = [];
    for (let i = 0; i < 7; i += 1)
      writes.push(await client.patch('/api/v1/users/me', { display_name: `Name ${i}` }));
    expect(writes.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(writes[5].status).toBe(429);
    const retryAfter = Number(writes[5].headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(writes[5].body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    const read = await client.get('/api/v1/users/me');
    expect(read.status).toBe(200);
    expect(read.body.display_name).toBe('Name 4'); // the refused writes changed nothing
  });

  it('rate-limits per IP across users, before the token is even checked', async () => {
    // A loopback source address of this test's own, so no other request shares its budget.
    const from = `127.0.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 200) + 20}`;
    const send = (method: string, path: string, token?: string, body?: unknown) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: Record<string, unknown> }>(
        (resolve, reject) => {
          const payload = body === undefined ? undefined : JSON.stringify(body);
          const req = request(
            `${ipTight.url}${path}`,
            {
              method,
              localAddress: from,
              headers: {
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                ...(payload
                  ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
                  : {}),
              },
            },
            (res) => {
              let text = '';
              res.on('data', (chunk) => (text += chunk));
              res.on('end', () =>
                resolve({
                  status: res.statusCode ?? 0,
                  headers: res.headers,
                  body: text ? JSON.parse(text) : {},
                }),
              );
            },
          );
          req.on('error', reject);
          req.end(payload);
        },
      );
    const [one, two] = await Promise.all([keycloak.createUser(), keycloak.createUser()]);
    const [first, second] = await Promise.all([keycloak.passwordToken(one), keycloak.passwordToken(two)]);
    const statuses = [];
    for (const token of [first, second, first])
      statuses.push((await send('PATCH', '/api/v1/users/me', token, { display_name: 'Budget' })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await send('PATCH', '/api/v1/users/me', second, { display_name: 'Over budget' });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 429, detail: expect.stringMatching(/from this address/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await send('POST', '/api/v1/channels', undefined, {})).status).toBe(429); // turned away before any token check
    expect((await send('GET', '/api/v1/users/me', first)).status).toBe(200); // reads have their own budget
    expect((await api.as(second).get('/api/v1/users/me')).body.display_name).toBe('Budget');
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${gateway.url}/api/v1/users/me`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const denied = await preflight('https://evil.example');
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers and a request id on every response', async () => {
    const response = await fetch(`${gateway.url}/api/v1/users/me`, {
      headers: { 'x-request-id': 'trace-me-123' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-123');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('times forwarded requests by one route template (never the raw path) and answers an unknown one 404 problem+json', async () => {
    const forwarded = (status: number) =>
      requestCount(`http://127.0.0.1:${gatewayMetricsPort}/metrics`, {
        method: 'GET',
        route: '/api/v1/*path',
        status,
      });
    const client = new GatewayClient(gateway.url, memberToken);
    const [ok, missing] = [await forwarded(200), await forwarded(404)];
    expect((await client.get('/api/v1/users/me')).status).toBe(200);
    expect((await client.get(`/api/v1/users/${member.id}`)).status).toBe(200);
    const unknown = await client.get('/api/v1/no-such-resource');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ status: 404, instance: '/api/v1/no-such-resource' });
    expect(await forwarded(200)).toBe(ok + 2);
    expect(await forwarded(404)).toBe(missing + 1);
    const text = await (await fetch(`http://127.0.0.1:${gatewayMetricsPort}/metrics`)).text();
    expect(text).not.toContain(member.id);
  });

  it('writes an access-log line for every forwarded request, refusals included, with its request id', async () => {
    const accessLine = (requestId: string) =>
      accessLines(gateway.output).find((line) => line.request_id === requestId);
    const ok = await new GatewayClient(gateway.url, memberToken).get('/api/v1/users/me', {
      'x-request-id': `access-ok-${member.id}`,
    });
    expect(ok.status).toBe(200);
    const refused = await api.get('/api/v1/users/me', { 'x-request-id': `access-refused-${member.id}` });
    expect(refused.status).toBe(401);
    await waitFor(
      "the refused request's access-log line",
      () => accessLine(`access-refused-${member.id}`),
      5_000,
    );
    expect(accessLine(`access-ok-${member.id}`)).toMatchObject({
      level: 30,
      service: 'gateway',
      msg: 'request completed',
      req: { method: 'GET', url: '/api/v1/users/me' },
      res: { status_code: 200 },
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(accessLine(`access-refused-${member.id}`)).toMatchObject({ res: { status_code: 401 } });
    expect(JSON.stringify(accessLine(`access-ok-${member.id}`))).not.toContain(memberToken);
  });

  it('serves one valid OpenAPI 3.1 document for the public surface, and its UI', async () => {
    const document = (await (await fetch(`${gateway.url}/api/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/api/v1/users/me']).sort()).toEqual(['get', 'patch']);
    expect(document.paths['/api/v1/users/{id}']).toBeDefined();
    expect(Object.keys(document.paths).some((path) => path.startsWith('/internal'))).toBe(false);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    const ui = await fetch(`${gateway.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${gateway.url}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
