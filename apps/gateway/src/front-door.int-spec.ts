import {
  IDENTITY_HEADER,
  Identity,
  SERVICE_HEADER,
  signIdentity,
  signServiceCredential,
} from '@colink/platform';
import { KeycloakAdmin, ServiceProcess, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Socket, connect } from 'node:net';

/**
 * The doors a security read found open, each shown closed: path spellings that reached other
 * routes, internal routes that took a user's identity, upgrades and idle connections that were never
 * closed, paths without an address budget, metrics on the public port.
 */
const secret = `front-door-${randomUUID()}`;
const schema = `users_fd_${randomUUID().slice(0, 8)}`;
const port = { users: 22001, presence: 22004, gateway: 22080, tight: 22082, idle: 22083 };
const metricsPort = { users: 22301, gateway: 22380 };
const dead = 'http://127.0.0.1:22099'; // services this test does not run: nothing listens there

const users = new ServiceProcess('users', port.users, {
  INTERNAL_AUTH_SECRET: secret,
  DATABASE_SCHEMA: schema,
  METRICS_PORT: String(metricsPort.users),
});
const presence = new ServiceProcess('presence', port.presence, { INTERNAL_AUTH_SECRET: secret });
const gatewayEnv = {
  INTERNAL_AUTH_SECRET: secret,
  USERS_URL: users.url,
  PRESENCE_URL: presence.url,
  CHANNELS_URL: dead,
  MESSAGING_URL: dead,
  FILES_URL: dead,
  SEARCH_URL: dead,
  ADMIN_URL: dead,
  WS_GATEWAY_URL: dead,
};
const gateway = new ServiceProcess('gateway', port.gateway, {
  ...gatewayEnv,
  METRICS_PORT: String(metricsPort.gateway),
});
// Tiny address budgets, so every path visibly counts.
const tight = new ServiceProcess('gateway', port.tight, {
  ...gatewayEnv,
  RATE_LIMIT_IP_READS: '4',
  RATE_LIMIT_IP_WRITES: '2',
  RATE_LIMIT_WINDOW_S: '60',
});
// Short connection timeouts, so idle and half-open connections visibly close.
const idle = new ServiceProcess('gateway', port.idle, {
  ...gatewayEnv,
  HTTP_IDLE_TIMEOUT_MS: '1500',
  HTTP_HEADERS_TIMEOUT_MS: '1000',
  HTTP_REQUEST_TIMEOUT_MS: '2000',
});

const keycloak = new KeycloakAdmin();
let token: string;

interface RawResponse {
  status: number;
  head: string;
  body: string;
}

/** A loopback source address of the test's own, so no other request shares its address budget. */
const freshAddress = () =>
  `127.0.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 200) + 20}`;

/** Sends exactly `lines` (no client-side URL clean-up) and reads until the server closes. */
function raw(to: number, lines: string[], body = '', localAddress?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: to, localAddress });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1] ?? 0), head, body: rest.join('\r\n\r\n') });
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}

const request = (
  to: number,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  localAddress?: string,
) =>
  raw(
    to,
    [
      `${method} ${target} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Connection: close',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ],
    '',
    localAddress,
  );

const upgrade = (to: number, target: string, localAddress?: string) =>
  raw(
    to,
    [
      `GET ${target} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${Buffer.from(randomUUID().slice(0, 16)).toString('base64')}`,
    ],
    '',
    localAddress,
  );

const openDescriptors = (service: ServiceProcess) => readdirSync(`/proc/${service.pid}/fd`).length;

async function metric(url: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(url)).text();
  return Number(text.match(pattern)?.[1] ?? 0);
}

beforeAll(async () => {
  users.start();
  presence.start();
  await Promise.all([users.ready(90_000), presence.ready(90_000)]);
  gateway.start();
  tight.start();
  idle.start();
  await Promise.all([gateway.ready(90_000), tight.ready(90_000), idle.ready(90_000)]);
  token = await keycloak.passwordToken(await keycloak.createUser());
  // The gateway knows each path's methods once it has read the services' OpenAPI.
  await waitFor('the merged OpenAPI to include users', async () => {
    const document = (await (await fetch(`${gateway.url}/api/docs-json`)).json()) as { paths: object };
    return '/api/v1/users/me' in document.paths;
  });
}, 150_000);

afterAll(async () => {
  await Promise.all([gateway.stop(), tight.stop(), idle.stop(), users.stop(), presence.stop()]);
});

describe('paths through the gateway', () => {
  const refused: Array<[method: string, target: string]> = [
    ['GET', '/api/v1/users/%2e%2e/%2e%2e/%2e%2e/metrics'],
    ['GET', '/api/v1/users/%2E%2E/%2E%2E/%2E%2E/metrics'],
    ['GET', '/api/v1/users/%2e%2E/%2E%2e/%2e%2e/ready'],
    ['GET', '/api/v1/users/.%2e/.%2E/.%2e/metrics'],
    ['GET', '/api/v1/users/%2e./%2e./%2e./metrics'],
    ['GET', '/api/v1/users/../../../metrics'],
    ['GET', '/API/V1/users/../../../metrics'],
    ['GET', '/api/v1/users/./me'],
    ['GET', '/api/v1/users/me/.'],
    ['GET', '/api/v1/users/%2e/me'],
    ['POST', '/api/v1/presence/%2e%2e/%2e%2e/%2e%2e/internal/v1/presence/disconnect'],
    ['POST', '/api/v1/users/%2e%2e/%2e%2e/%2e%2e/internal/v1/users/provision'],
    ['POST', '/api/v1/users/..%2f..%2f..%2finternal/v1/users/provision'],
    ['GET', '/api/v1/users/..%2F..%2F..%2Fmetrics'],
    ['GET', '/api/v1/users/%2f..%2f..%2fmetrics'],
    ['GET', '/api/v1/users/..%5c..%5c..%5cmetrics'],
    ['GET', '/api/v1/users/..%5C..%5C..%5Cmetrics'],
    ['GET', '/api/v1/users/..\\..\\..\\metrics'],
    ['GET', '/api/v1//users/me'],
    ['GET', '//api/v1/users/me'],
    ['GET', '/api/v1/users/%zz'],
    ['GET', 'http://127.0.0.1:22001/metrics'],
    ['GET', '/socket.io/../api/v1/users/me'],
  ];

  it.each(refused)('refuses %s %s with 400 problem+json, before any upstream', async (method, target) => {
    const response = await request(port.gateway, method, target, {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
    });
    expect(response.status).toBe(400);
    expect(response.head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(response.body)).toMatchObject({
      type: 'https://colink.dev/problems/path-not-normalised',
      status: 400,
    });
  });

  it('never lets a double-encoded dot act as one', async () => {
    const response = await request(port.gateway, 'GET', '/api/v1/users/%252e%252e/%252e%252e/metrics', {
      Authorization: `Bearer ${token}`,
    });
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('process_cpu_seconds_total');
  });

  it("serves no service's /metrics, /ready or /internal route, and its own metrics only on the metrics port", async () => {
    const auth = { Authorization: `Bearer ${token}` };
    for (const [method, target] of [
      ['GET', '/metrics'],
      ['GET', '/METRICS'],
      ['GET', '/internal/v1/users/provision'],
      ['POST', '/internal/v1/users/provision'],
      ['POST', '/internal/v1/presence/disconnect'],
      ['GET', '/api/v1/metrics'],
      ['GET', '/api/v1/ready'],
      ['POST', '/api/v1/internal/v1/users/provision'],
    ]) {
      const response = await request(port.gateway, method, target, auth);
      expect([method, target, response.status]).toEqual([method, target, 404]);
      expect(response.body).not.toContain('process_cpu_seconds_total');
    }
    const metrics = await fetch(`http://127.0.0.1:${metricsPort.gateway}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('process_cpu_seconds_total');
  });

  it('answers 405 with Allow for a method the resource lacks or the gateway never forwards', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const trace = await request(port.gateway, 'TRACE', '/api/v1/users/me', auth);
    expect(trace.status).toBe(405);
    expect(trace.head).toMatch(/\r\nallow: [A-Z, ]*GET/i);
    expect(JSON.parse(trace.body)).toMatchObject({ status: 405 });
    expect((await request(port.gateway, 'PROPFIND', '/api/v1/users/me', auth)).status).toBe(405);

    const put = await request(port.gateway, 'PUT', '/api/v1/users/me', auth);
    expect(put.status).toBe(405);
    const allow = put.head.match(/\r\nallow: ([^\r]*)/i)?.[1].split(', ');
    expect(allow).toEqual(expect.arrayContaining(['GET', 'PATCH']));
    expect(allow).not.toContain('PUT');
    const remove = await request(port.gateway, 'DELETE', `/api/v1/users/${randomUUID()}`, auth);
    expect(remove.status).toBe(405);
    expect(remove.head).toMatch(/\r\nallow: GET, HEAD, OPTIONS/i);
  });

  it('streams upstream bodies instead of buffering them', async () => {
    const response = await fetch(`${gateway.url}/api/v1/users/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(((await response.json()) as { username: string }).username).toMatch(/^user-/);
  });
});

describe('internal routes', () => {
  const someone = (): Identity => ({
    sub: randomUUID(),
    username: `svc-${randomUUID().slice(0, 8)}`,
    email: null,
    name: null,
    roles: ['member'],
  });
  const call = (url: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  const provision = `${users.url}/internal/v1/users/provision`;
  const heartbeat = `${presence.url}/internal/v1/presence/heartbeat`;

  it('refuse a user identity, and take only a service credential for them from their caller', async () => {
    const who = someone();
    const identity = { [IDENTITY_HEADER]: signIdentity(who, secret) };
    const from = (caller: string, audience: string) => ({
      ...identity,
      [SERVICE_HEADER]: signServiceCredential(caller, audience, secret),
    });

    expect((await call(provision, {})).status).toBe(401);
    expect((await call(provision, identity)).status).toBe(403);
    expect((await call(provision, from('gateway', 'presence'))).status).toBe(403); // for another service
    expect((await call(provision, from('ws-gateway', 'users'))).status).toBe(403); // not its caller
    expect((await call(provision, { [SERVICE_HEADER]: identity[IDENTITY_HEADER] })).status).toBe(401);
    const made = await call(provision, from('gateway', 'users'));
    expect(made.status).toBe(200);
    expect(((await made.json()) as { id: string }).id).toBe(who.sub);

    expect((await call(heartbeat, identity)).status).toBe(403);
    expect((await call(heartbeat, from('gateway', 'presence'))).status).toBe(403);
    const beat = await call(heartbeat, from('ws-gateway', 'presence'));
    expect(beat.status).toBe(200);
    expect(((await beat.json()) as { status: string }).status).toBe('online');
  });
});

describe('the address budget', () => {
  it('counts every path whatever its case, socket.io polling and upgrades included', async () => {
    const from = freshAddress();
    const statuses: number[] = [];
    for (const target of [
      '/health',
      '/API/V1/USERS/ME',
      '/socket.io/?EIO=4&transport=polling',
      '/Api/Docs-Json',
    ])
      statuses.push((await request(port.tight, 'GET', target, {}, from)).status);
    expect(statuses).not.toContain(429);
    const over = await request(port.tight, 'GET', '/aPi/v1/users/me', {}, from);
    expect(over.status).toBe(429);
    expect(over.head).toMatch(/\r\nretry-after: \d+/i);
    expect((await request(port.tight, 'GET', '/socket.io/?EIO=4&transport=polling', {}, from)).status).toBe(
      429,
    );
    expect((await upgrade(port.tight, '/socket.io/?EIO=4&transport=websocket', from)).status).toBe(429);
    // Another address is unaffected.
    expect((await request(port.tight, 'GET', '/health', {}, freshAddress())).status).toBe(200);
  });

  it('makes /api/docs-json cost the services one read however many ask at once', async () => {
    const openApiReads = () =>
      metric(
        `http://127.0.0.1:${metricsPort.users}/metrics`,
        /http_request_duration_seconds_count\{[^}]*route="\/openapi\.json"[^}]*\} (\d+)/,
      );
    const before = await openApiReads();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => fetch(`${gateway.url}/api/docs-json`).then((r) => r.status)),
    );
    expect(answers.every((status) => status === 200)).toBe(true);
    expect((await openApiReads()) - before).toBeLessThanOrEqual(1);
  });
});

describe('connections', () => {
  it('refuses upgrades for any path but /socket.io and closes them; 2,000 leave /health answering and no descriptors behind', async () => {
    await fetch(`${gateway.url}/health`);
    const baseline = openDescriptors(gateway);
    const targets = [
      '/nope',
      '/api/v1/users/me',
      '/socket.io/../metrics',
      '/SOCKET.IO/',
      '/metrics',
      '/%2e%2e/x',
    ];
    let refused = 0;
    for (let batch = 0; batch < 20; batch += 1) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => upgrade(port.gateway, targets[(batch + i) % targets.length])),
      );
      refused += answers.filter((answer) => answer.status === 404).length;
      if (batch % 5 === 4) expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    }
    expect(refused).toBe(2_000);
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    await waitFor(
      'descriptors to return to their level',
      () => openDescriptors(gateway) <= baseline + 5,
      30_000,
    );
  }, 120_000);

  it('closes connections that send nothing or stop halfway through their headers', async () => {
    await fetch(`${idle.url}/health`);
    const baseline = openDescriptors(idle);
    const sockets: Socket[] = [];
    const closed = (socket: Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const waits: Array<Promise<void>> = [];
    for (let i = 0; i < 50; i += 1) {
      const socket = connect({ host: '127.0.0.1', port: port.idle });
      socket.on('error', () => undefined);
      waits.push(closed(socket));
      sockets.push(socket);
      if (i % 2 === 0) socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // never finished
    }
    await waitFor(
      'the server to close every silent or half-sent connection',
      () =>
        Promise.race([
          Promise.all(waits).then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), 500)),
        ]),
      60_000,
    );
    expect(sockets.every((socket) => socket.destroyed || socket.readableEnded)).toBe(true);
    expect((await fetch(`${idle.url}/health`)).status).toBe(200);
    await waitFor(
      'descriptors to return to their level',
      () => openDescriptors(idle) <= baseline + 5,
      30_000,
    );
  }, 90_000);
});
