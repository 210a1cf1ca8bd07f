// The whole pipeline for the knee and supported-users scenarios of `tools/colink bench`: users,
// channels, messaging, presence, one ws-gateway and the gateway, started from dist/ on ports
// base+1.. (base+80 the gateway, base+81 the ws-gateway), wired to each other and to the running
// stack the way `tools/colink up` wires them, with their own schemas, consumer groups and rate-limit
// keys. Keycloak users with real bearer tokens (the gateway verifies them as for any client), the
// load model's channels (a long tail of sizes, DMs), the people's sockets (web, and a phone for half
// of them), and meters for the generator itself (its CPU time and event-loop lag) and for the
// services (CPU time from /proc).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { seekGroupToEnd } from './kafka-groups.mjs';
import { NODE_ENV_VARS, NODE_FLAGS, serviceNodeFlags } from './node-flags.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const require = createRequire(join(root, 'package.json'));
const { Kafka, logLevel } = require('kafkajs');
const pg = require('pg');
const { io } = require('socket.io-client');

// kafkajs schedules a timer with a negative delay now and then (harmless, Node clamps it to 1 ms):
// keep its warning out of the bench's output, print every other warning.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') console.error(`${warning.name}: ${warning.message}`);
});

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
export const fmt = (n, digits = 1) =>
  Number.isFinite(n) ? n.toFixed(digits) : n === Infinity ? 'inf' : 'n/a';

export function parseArgs(argv) {
  return Object.fromEntries(
    argv
      .slice(2)
      .map((arg) => arg.replace(/^--/, '').split(/=(.*)/s))
      .map(([k, v]) => [k, v ?? 'true']),
  );
}

export function hardwareLine() {
  const cpu = os.cpus();
  return `hardware: ${cpu.length} CPUs (${cpu[0]?.model ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, ${new Date().toISOString()}`;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function procCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks() {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const n = values.map(Number);
  const idle = n[3] + n[4];
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** The stack's processes this machine runs, by component: what is not CoLink's or the generator's. */
const STACK_COMPONENTS = [
  ['postgres', (comm) => comm === 'postgres'],
  ['kafka', (comm, cmd) => comm === 'java' && cmd.includes('kafka.Kafka')],
  ['redis', (comm) => comm.startsWith('redis-server')],
  ['mongo', (comm) => comm === 'ferretdb' || comm === 'mongod'],
  ['minio', (comm) => comm === 'minio'],
  ['other java', (comm) => comm === 'java'], // Keycloak, OpenSearch
];

/** CPU seconds of every running process of each stack component, by pid, from /proc. */
function stackCpu() {
  const byPid = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const cmd = comm === 'java' ? readFileSync(`/proc/${entry}/cmdline`, 'utf8') : '';
      const component = STACK_COMPONENTS.find(([, matches]) => matches(comm, cmd))?.[0];
      if (component) byPid.set(entry, { component, cpuS: procCpuSeconds(entry) });
    } catch {
      // ended while being read
    }
  }
  return byPid;
}

/**
 * A window over which the generator's own CPU and event-loop lag, each service's CPU, the stack's
 * CPU by component and the whole machine's CPU are measured. `read()` gives shares of the machine's
 * cores. A stack process started in the window (a PostgreSQL backend) counts all its CPU; one that
 * ended in it is not counted.
 */
export function meter(services) {
  const cores = os.cpus().length;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const startedAt = performance.now();
  const cpu0 = process.cpuUsage();
  const machine0 = machineTicks();
  const services0 = services.map((s) => procCpuSeconds(s.child.pid));
  const stack0 = stackCpu();
  return {
    read() {
      const seconds = (performance.now() - startedAt) / 1000;
      const used = process.cpuUsage(cpu0);
      const generatorS = (used.user + used.system) / 1e6;
      const machine1 = machineTicks();
      lag.disable();
      const perService = Object.fromEntries(
        services.map((s, k) => [s.name, (procCpuSeconds(s.child.pid) - services0[k]) / seconds]),
      );
      /** Cores each stack component used on average over the window. */
      const perStackComponent = {};
      for (const [pid, now] of stackCpu()) {
        const used = now.cpuS - (stack0.get(pid)?.cpuS ?? 0);
        if (Number.isFinite(used))
          perStackComponent[now.component] = (perStackComponent[now.component] ?? 0) + used / seconds;
      }
      return {
        seconds,
        perStackComponent,
        generatorCpuS: generatorS,
        /** Share of the machine's cores the generator took (1 = all of them). */
        generatorShare: generatorS / seconds / cores,
        lagP99Ms: lag.percentile(99) / 1e6,
        machineShare: (machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total),
        /** Cores each service used on average over the window. */
        perService,
        servicesShare: Object.values(perService).reduce((a, b) => a + b, 0) / cores,
      };
    },
  };
}

/** The stack's components' CPU over a window, in % of one core, for a line of output. */
export function stackLine(m) {
  const parts = Object.entries(m.perStackComponent ?? {})
    .filter(([, cores]) => cores >= 0.005)
    .map(([component, cores]) => `${component} ${fmt(100 * cores, 0)}`);
  return parts.length ? `stack, % of one core: ${parts.join(' ')}` : 'stack: idle';
}

export function generatorLine(m) {
  return `generator: ${fmt(m.generatorCpuS)} s CPU in ${fmt(m.seconds)} s (${fmt(100 * m.generatorShare, 0)} % of the ${os.cpus().length} cores), event-loop lag p99 ${fmt(m.lagP99Ms)} ms; CoLink services ${fmt(100 * m.servicesShare, 0)} % of the cores, whole machine ${fmt(100 * m.machineShare, 0)} % busy`;
}

/** A keep-alive HTTP client: cheaper per request than fetch, so the generator stays out of the way. */
export function httpClient(baseUrl, maxSockets = 256) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const request = (method, path, { body, headers = {}, timeoutMs = 15_000 } = {}) =>
    new Promise((resolve) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: {
            ...headers,
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let parsed = null;
            if (text && (res.headers['content-type'] ?? '').includes('json'))
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = null;
              }
            resolve({ status: res.statusCode, body: parsed });
          });
          res.on('error', () => resolve({ status: 0, body: null }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, body: null }));
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}

// NAME:PORT in start order, the table services.sh starts from.
const topology = readFileSync(join(root, 'deploy', 'topology.env'), 'utf8');
const servicePorts = Object.fromEntries(
  topology
    .split('COLINK_SERVICES=(')[1]
    .split(')')[0]
    .trim()
    .split(/\s+/)
    .map((entry) => entry.split(':'))
    .map(([name, port]) => [name, Number(port) % 100]),
);
const TOPICS = topology
  .split('COLINK_TOPICS=(')[1]
  .split(')')[0]
  .trim()
  .split(/\s+/)
  .map((entry) => entry.split(':')[0]);

/**
 * Starts the pipeline from `dist` (another build's output can be compared in the same conditions).
 * `profile`: the services to run under `node --cpu-prof` (their .cpuprofile is written to
 * `profileDir` when they stop).
 */
export async function startPipeline({
  base,
  profile = [],
  profileDir,
  nodeFlags = NODE_FLAGS,
  dist = join(root, 'dist'),
}) {
  const entry = (app) => join(dist, 'apps', app, 'apps', app, 'src', 'main.js');
  for (const app of ['users', 'channels', 'messaging', 'presence', 'ws-gateway', 'gateway'])
    if (!existsSync(entry(app)))
      throw new Error(`${entry(app)} is missing: build first (tools/colink bench knee builds it)`);
  const run = randomUUID().slice(0, 8);
  const secret = `bench-${randomUUID()}`;
  const brokers = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://colink:colink@localhost:5432/colink';
  const kafka = new Kafka({ clientId: `bench-knee-${run}`, brokers, logLevel: logLevel.NOTHING });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const port = (app) => base + servicePorts[app];
  const url = (app) => `http://127.0.0.1:${port(app)}`;
  const schemas = {
    users: `bench_knee_users_${run}`,
    channels: `bench_knee_channels_${run}`,
    messaging: `bench_knee_messaging_${run}`,
  };
  const names = { channels: `bench-knee-channels-${run}`, messaging: `bench-knee-messaging-${run}` };
  const instance = `bench-knee-${run}`;
  const urls = {};
  for (const app of ['users', 'channels', 'messaging', 'presence', 'files', 'search', 'admin', 'ws-gateway'])
    urls[`${app.toUpperCase().replace('-', '_')}_URL`] = url(app);
  const groups = [`colink-${names.channels}`, `colink-${names.messaging}`, `colink-ws-gateway-${instance}`];
  // New consumer groups start at the topics' current end: the bench's services need none of the history.
  await Promise.all(groups.map((groupId) => seekGroupToEnd(kafka, groupId, TOPICS)));

  const services = [];
  if (profile.length) mkdirSync(profileDir, { recursive: true });
  const start = (app, env) => {
    const flags = [...nodeFlags, ...serviceNodeFlags(app)];
    if (profile.includes(app))
      flags.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${app}.cpuprofile`);
    const child = spawn(process.execPath, [...flags, entry(app)], {
      env: {
        ...NODE_ENV_VARS,
        ...process.env,
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port(app)),
        METRICS_PORT: '0',
        INTERNAL_AUTH_SECRET: secret,
        ...urls,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-3000)));
    const service = { name: app, url: url(app), child, stderr: () => stderr };
    services.push(service);
    return service;
  };
  start('users', { DATABASE_SCHEMA: schemas.users });
  start('channels', { DATABASE_SCHEMA: schemas.channels, SERVICE_NAME: names.channels });
  start('messaging', { DATABASE_SCHEMA: schemas.messaging, SERVICE_NAME: names.messaging });
  start('presence', {});
  start('ws-gateway', { INSTANCE_ID: instance });
  start('gateway', {
    RATE_LIMIT_KEY_PREFIX: `bench-knee-${run}`,
    RATE_LIMIT_USER_READS: '100000000',
    RATE_LIMIT_USER_WRITES: '100000000',
    RATE_LIMIT_IP_READS: '100000000',
    RATE_LIMIT_IP_WRITES: '100000000',
  });
  const pipeline = {
    run,
    kafka,
    db,
    schemas,
    services,
    gatewayUrl: url('gateway'),
    wsUrl: url('ws-gateway'),
    async stop() {
      for (const s of services) if (s.child.exitCode === null) s.child.kill('SIGTERM');
      const killer = setTimeout(() => services.forEach((s) => s.child.kill('SIGKILL')), 15_000);
      await Promise.all(
        services.map((s) =>
          s.child.exitCode !== null || s.child.signalCode !== null
            ? null
            : new Promise((resolve) => s.child.once('exit', resolve)),
        ),
      );
      clearTimeout(killer);
      const cleanup = kafka.admin();
      await cleanup
        .connect()
        .then(() => cleanup.deleteGroups(groups))
        .catch(() => undefined);
      await cleanup.disconnect().catch(() => undefined);
      for (const schema of Object.values(schemas))
        await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await db.end().catch(() => undefined);
    },
    kill() {
      for (const s of services) s.child.kill('SIGKILL');
    },
  };
  const deadline = Date.now() + 180_000;
  try {
    for (const s of services)
      for (;;) {
        if (s.child.exitCode !== null) throw new Error(`${s.name} exited: ${s.stderr().slice(-1500)}`);
        const ok = await fetch(`${s.url}/ready`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline)
          throw new Error(`${s.name} not ready after 180 s: ${s.stderr().slice(-500)}`);
        await sleep(250);
      }
  } catch (error) {
    await pipeline.stop();
    throw error;
  }
  return pipeline;
}

// ---- Keycloak ------------------------------------------------------------------------------------
const keycloakUrl = (process.env.KEYCLOAK_URL ?? 'http://localhost:8180').replace(/\/$/, '');
const realm = process.env.KEYCLOAK_REALM ?? 'colink';
async function form(url, fields) {
  const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
  const body = await response.json();
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}
let adminToken;
async function kcAdmin(method, path, body) {
  if (!adminToken || adminToken.until < Date.now()) {
    const token = await form(`${keycloakUrl}/realms/master/protocol/openid-connect/token`, {
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
    });
    adminToken = { value: token.access_token, until: Date.now() + 30_000 };
  }
  return fetch(`${keycloakUrl}/admin/realms/${realm}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken.value}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** `count` Keycloak users of the colink realm, each with a bearer token (password grant, colink-cli). */
export async function keycloakUsers(count, prefix, created = []) {
  let next = created.length;
  const target = created.length + count;
  const worker = async () => {
    while (next < target) {
      const k = next++;
      const username = `${prefix}-${k}`;
      const password = `bench-${randomUUID()}`;
      const reply = await kcAdmin('POST', '/users', {
        username,
        enabled: true,
        email: `${username}@example.test`,
        emailVerified: true,
        firstName: 'Bench',
        lastName: `User ${k}`,
        credentials: [{ type: 'password', value: password, temporary: false }],
      });
      if (reply.status !== 201) throw new Error(`Keycloak user creation answered ${reply.status}`);
      const user = { sub: reply.headers.get('location').split('/').pop(), username, password };
      created[k] = user;
      user.token = (
        await form(`${keycloakUrl}/realms/${realm}/protocol/openid-connect/token`, {
          grant_type: 'password',
          client_id: 'colink-cli',
          username,
          password,
          scope: 'openid',
        })
      ).access_token;
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return created;
}

export async function deleteKeycloakUsers(users) {
  for (const user of users) if (user) await kcAdmin('DELETE', `/users/${user.sub}`).catch(() => undefined);
}

// ---- the load model's channels and sockets -------------------------------------------------------
/**
 * Channels on the load model over `users`: one large channel of everyone (the 100-1,000 class), small
 * channels of 3 to 20 people (a long tail: most of 3-8, a few up to 20), and a DM for most people.
 * Each is created through the gateway by its first member; the others join (public) or are in the DM.
 */
export async function modelChannels(client, users, run) {
  const auth = (user) => ({ authorization: `Bearer ${user.token}` });
  const channels = [];
  const must = async (what, promise, ok = [200, 201]) => {
    for (let attempt = 0; ; attempt += 1) {
      const reply = await promise();
      if (ok.includes(reply.status)) return reply;
      // a user the channels service has not heard of yet (provisioning travels over Kafka): retry
      if (attempt > 40) throw new Error(`${what} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
      await sleep(250);
    }
  };
  // Provision everyone (the gateway creates the user on first sight).
  await Promise.all(
    users.map((user) =>
      must('GET users/me', () => client.request('GET', '/api/v1/users/me', { headers: auth(user) })),
    ),
  );
  const group = async (name, members, kind = 'small') => {
    const created = await must(`creating ${name}`, () =>
      client.request('POST', '/api/v1/channels', {
        headers: auth(members[0]),
        body: { name, is_private: false },
      }),
    );
    const id = created.body.id;
    for (let k = 1; k < members.length; k += 8)
      await Promise.all(
        members
          .slice(k, k + 8)
          .map((member) =>
            must(`joining ${name}`, () =>
              client.request('POST', `/api/v1/channels/${id}/join`, { headers: auth(member) }),
            ),
          ),
      );
    channels.push({ id, kind, members });
  };
  await group(`knee-${run}-all`, users, 'large');
  // Small channels: sizes drawn from a long tail between 3 and 20, about one per four people.
  const rng = mulberry32(7);
  const smalls = Math.max(2, Math.floor(users.length / 4));
  for (let c = 0; c < smalls; c += 1) {
    const size = Math.min(users.length, Math.max(3, Math.round(3 / Math.pow(1 - rng() * 0.85, 1.2))), 20);
    const offset = Math.floor(rng() * users.length);
    const members = Array.from({ length: size }, (_, k) => users[(offset + k * 7) % users.length]);
    await group(`knee-${run}-s${c}`, [...new Set(members)]);
  }
  // DMs: person k with person k+1.
  for (let k = 0; k + 1 < users.length; k += 2) {
    const [a, b] = [users[k], users[k + 1]];
    const created = await must('opening a DM', () =>
      client.request('POST', '/api/v1/dms', { headers: auth(a), body: { user_ids: [b.sub] } }),
    );
    channels.push({ id: created.body.id, kind: 'dm', members: [a, b] });
  }
  return channels;
}

/** Waits until messaging knows every membership (it learns them from Kafka). */
export async function waitForMemberships(pipeline, channels) {
  const expected = channels.reduce((n, c) => n + c.members.length, 0);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await pipeline.db.query(
      `SELECT count(*)::int AS n FROM "${pipeline.schemas.messaging}".members`,
    );
    if (rows[0].n >= expected) return expected;
    if (Date.now() > deadline) throw new Error(`messaging knows ${rows[0].n} of ${expected} memberships`);
    await sleep(200);
  }
}

/** A web socket per user and a phone socket for every other user; `auth(user)` gives the handshake auth. */
export async function connectSockets(url, users, auth, onMessage) {
  const sockets = [];
  const plan = users.flatMap((user, k) => (k % 2 === 0 ? [user, user] : [user]));
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const user = plan[next++];
      const socket = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        auth: auth(user),
        reconnection: false,
        forceNew: true,
        timeout: 20_000,
      });
      socket.on('message.created', (envelope) => onMessage(envelope, user, socket));
      await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', (error) =>
          reject(new Error(`socket of ${user.username}: ${error.message}`)),
        );
      });
      sockets.push({ socket, user });
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  return sockets;
}

/** Presence heartbeats every 30 s per socket, staggered (the ws-gateway allows three per 30 s). */
export function heartbeats(sockets) {
  const timers = sockets.map(({ socket }) => {
    const beat = () => socket.connected && socket.emit('presence.heartbeat', {}, () => undefined);
    const first = setTimeout(() => {
      beat();
      timers.push(setInterval(beat, 30_000));
    }, Math.random() * 30_000);
    return first;
  });
  return () => timers.forEach((t) => clearTimeout(t) || clearInterval(t));
}

/** A small seeded random generator, so two runs draw the same channels. */
export function mulberry32(seed) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bare baselines, closed loop with `concurrency` in flight for at most `count` operations or `limitMs`. */
export async function closedLoop(count, concurrency, limitMs, one) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count && performance.now() - started < limitMs) {
      next += 1;
      const t = performance.now();
      const ok = await one().catch(() => false);
      if (ok) latencies.push(performance.now() - t);
      else failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    done: latencies.length,
    failures,
    rate: latencies.length / seconds,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
  };
}

export const topicsOf = TOPICS;
export { randomUUID };
