// What the socket scenarios of `tools/colink bench` share (sockets-idle, sockets-model, sockets-storm):
// a run with its own ports, schemas, consumer groups and Keycloak users, the built services it starts
// (channels, messaging, presence, ws-gateway) and the bare socket.io baseline, memory read after a
// forced full GC, the load generator's own CPU time and event-loop lag, a watchdog, and the cleanup.
// Every scenario stops by itself: the watchdog ends it and everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { identityHeaders } from './identity.mjs';
import { seekGroupToEnd } from './kafka-groups.mjs';
import { NODE_ENV_VARS, NODE_FLAGS as SERVICE_NODE_FLAGS, serviceNodeFlags } from './node-flags.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const require = createRequire(join(root, 'package.json'));
export const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg) => arg.replace(/^--/, '').split(/=(.*)/s))
    .map(([k, v]) => [k, v ?? 'true']),
);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const MIB = 2 ** 20;
/** The Node flags `tools/colink up` and the Dockerfile start every service with. */
export const NODE_FLAGS = args['node-flags']?.split(' ').filter(Boolean) ?? SERVICE_NODE_FLAGS;
const WS_TOPICS = [
  'message.created',
  'message.updated',
  'message.deleted',
  'reaction.added',
  'reaction.removed',
  'channel.updated',
  'channel.member_added',
  'channel.member_removed',
  'presence.updated',
  'file.scanned',
  'moderation.action',
];

export function hardwareLine() {
  const cpu = os.cpus();
  return `hardware: ${cpu.length} CPUs (${cpu[0]?.model ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, ${new Date().toISOString()}`;
}

/** The Node flags the named services start with: every service's, then each one's own. */
export function nodeFlagsLine(services) {
  const own = services
    .map((name) => [name, args[`node-flags-${name}`]?.split(' ').filter(Boolean) ?? serviceNodeFlags(name)])
    .filter(([, flags]) => flags.length)
    .map(([name, flags]) => `; ${name} also ${flags.join(' ')}`);
  return `node flags: ${NODE_FLAGS.join(' ') || '(none)'}${own.join('')}`;
}

/**
 * The load generator's own cost since `reset()`: CPU seconds (user + system), its share of one core,
 * and the event-loop delay p99 and max (ms). A generator near one core or with a lag p99 in the tens of
 * ms is part of what the run measured.
 */
export function generatorMeter() {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let cpu0 = process.cpuUsage();
  let t0 = performance.now();
  return {
    reset() {
      lag.reset();
      cpu0 = process.cpuUsage();
      t0 = performance.now();
    },
    read() {
      const used = process.cpuUsage(cpu0);
      const cpuS = (used.user + used.system) / 1e6;
      return {
        cpuS,
        share: cpuS / ((performance.now() - t0) / 1000),
        lagP99: lag.percentile(99) / 1e6,
        lagMax: lag.max / 1e6,
      };
    },
    line(label = 'generator') {
      const g = this.read();
      return `${label}: ${fmt(g.cpuS)} s CPU (${fmt(g.share * 100, 0)} % of one core), event-loop lag p99 ${fmt(g.lagP99)} ms, max ${fmt(g.lagMax)} ms`;
    },
  };
}

/** CPU seconds a process has used so far (user + system, from /proc/<pid>/stat). */
export function processCpuS(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export function rssBytes(pid) {
  try {
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
  } catch {
    return NaN;
  }
}

/** Anonymous memory (heap, native, stacks): RSS without the file-backed pages of the node binary. */
export function anonBytes(pid) {
  try {
    return (
      Number(/^Anonymous:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1]) * 1024
    );
  } catch {
    return NaN;
  }
}

/**
 * One bench run. `base` is the first of its ports: channels base+2, messaging base+3, presence
 * base+4, ws-gateway base+81.., metrics at port+200, the baseline servers base+91.. .
 */
export class Lab {
  constructor(name, { base = 27100, minutes = 8 } = {}) {
    this.name = name;
    this.base = base;
    this.run = randomUUID().slice(0, 8);
    this.secret = `bench-${randomUUID()}`;
    this.children = [];
    this.cleanups = [];
    this.keycloakUrl = (process.env.KEYCLOAK_URL ?? 'http://localhost:8180').replace(/\/$/, '');
    this.realm = process.env.KEYCLOAK_REALM ?? 'colink';
    this.brokers = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
    this.databaseUrl = process.env.DATABASE_URL ?? 'postgres://colink:colink@localhost:5432/colink';
    const { Kafka, logLevel } = require('kafkajs');
    this.kafka = new Kafka({
      clientId: `bench-${this.run}`,
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
    });
    this.pg = new (require('pg').Pool)({ connectionString: this.databaseUrl, max: 4 });
    this.schemas = { channels: `bench_channels_${this.run}`, messaging: `bench_messaging_${this.run}` };
    this.groups = [];
    this.watchdog = setTimeout(() => {
      console.error(`bench ${name}: over ${minutes} minutes, giving up`);
      for (const child of this.children) child.kill('SIGKILL');
      process.exit(1);
    }, minutes * 60_000);
    this.watchdog.unref();
    for (const signal of ['SIGINT', 'SIGTERM'])
      process.once(signal, () => {
        console.error(`bench ${name}: ${signal}, stopping what it started`);
        for (const child of this.children) child.kill('SIGKILL');
        process.exit(130);
      });
  }

  /** Builds what is missing from dist/ (the bench runs the built services). */
  static ensureBuilt(apps) {
    const missing = apps.filter(
      (app) => !existsSync(join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js')),
    );
    if (missing.length === 0) return;
    console.log(`building ${missing.join(', ')} ...`);
    const built = spawnSync('pnpm', ['exec', 'nx', 'run-many', '-t', 'build', '-p', missing.join(',')], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('build failed');
  }

  /** Runs `main(lab)`, then cleans up and exits with its status. */
  static async main(name, options, main) {
    const lab = new Lab(name, options);
    try {
      await main(lab);
    } catch (error) {
      console.error(`bench ${name} failed: ${error instanceof Error ? error.stack : error}`);
      process.exitCode = 1;
    } finally {
      await lab.cleanup();
      process.exit(process.exitCode ?? 0);
    }
  }

  onCleanup(fn) {
    this.cleanups.push(fn);
  }

  /**
   * A node process with the services' flags, preloaded with gc-on-signal.cjs (SIGWINCH = full GC).
   * Returns { name, url, port, child, stderr(), metricsUrl }.
   */
  spawnNode(name, port, argv, env = {}, { metrics = true } = {}) {
    // --node-flags-<name>="...": flags for that service only, after the common ones (the last wins);
    // by default the service's own from deploy/node.env (COLINK_NODE_FLAGS_<NAME>), none for a baseline.
    const own =
      args[`node-flags-${name}`]?.split(' ').filter(Boolean) ?? (metrics ? serviceNodeFlags(name) : []);
    // --gc-log=DIR: each process's GC pauses and event-loop delay (gc-on-signal.cjs) in DIR/<name>-<port>.gc
    const gcLog = args['gc-log']
      ? join(resolve(args['gc-log']), `${name.replace(/\W+/g, '-')}-${port}.gc`)
      : undefined;
    if (gcLog) mkdirSync(dirname(gcLog), { recursive: true });
    const child = spawn(
      process.execPath,
      ['--expose-gc', '-r', join(root, 'tools', 'bench', 'gc-on-signal.cjs'), ...NODE_FLAGS, ...own, ...argv],
      {
        env: {
          ...NODE_ENV_VARS,
          ...process.env,
          LOG_LEVEL: 'warn',
          HOST: '127.0.0.1',
          PORT: String(port),
          METRICS_PORT: metrics ? String(port + 200) : '0',
          INTERNAL_AUTH_SECRET: this.secret,
          ...(gcLog ? { COLINK_BENCH_GC_LOG: gcLog } : {}),
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    this.children.push(child);
    return {
      name,
      port,
      url: `http://127.0.0.1:${port}`,
      metricsUrl: metrics ? `http://127.0.0.1:${port + 200}/metrics` : undefined,
      child,
      gcLog,
      stderr: () => stderr,
    };
  }

  startService(app, port, env = {}, dist = join(root, 'dist')) {
    return this.spawnNode(app, port, [join(dist, 'apps', app, 'apps', app, 'src', 'main.js')], env);
  }

  async ready(service, path = '/ready', ms = 90_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      if (service.child.exitCode !== null)
        throw new Error(`${service.name} exited: ${service.stderr().slice(-1500)}`);
      try {
        if ((await fetch(`${service.url}${path}`)).status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${service.name} not ready after ${ms / 1000} s`);
      await sleep(200);
    }
  }

  /** A consumer group that starts at the topics' current end (a new group would read from the start). */
  async seekGroupToEnd(groupId, topics) {
    this.groups.push(groupId);
    await seekGroupToEnd(this.kafka, groupId, topics);
  }

  /**
   * channels, messaging and presence of this run (own schemas and consumer groups), ready; `dist`:
   * another build's output (to compare two builds in one run).
   */
  async startPlatform({ dist } = {}) {
    const channelsName = `bench-channels-${this.run}`;
    const messagingName = `bench-messaging-${this.run}`;
    await this.seekGroupToEnd(`colink-${channelsName}`, [
      'message.created',
      'message.updated',
      'message.deleted',
      'user.created',
      'user.updated',
    ]);
    await this.seekGroupToEnd(`colink-${messagingName}`, [
      'channel.created',
      'channel.updated',
      'channel.member_added',
      'channel.member_removed',
      'user.created',
      'user.updated',
      'file.uploaded',
      'file.scanned',
    ]);
    const common = { DATABASE_URL: this.databaseUrl, KAFKA_BROKERS: this.brokers.join(',') };
    this.channels = this.startService(
      'channels',
      this.base + 2,
      {
        ...common,
        DATABASE_SCHEMA: this.schemas.channels,
        SERVICE_NAME: channelsName,
      },
      dist,
    );
    this.messaging = this.startService(
      'messaging',
      this.base + 3,
      {
        ...common,
        DATABASE_SCHEMA: this.schemas.messaging,
        SERVICE_NAME: messagingName,
      },
      dist,
    );
    this.presence = this.startService(
      'presence',
      this.base + 4,
      {
        KAFKA_BROKERS: this.brokers.join(','),
        SERVICE_NAME: `bench-presence-${this.run}`,
      },
      dist,
    );
    await Promise.all([this.ready(this.channels), this.ready(this.messaging), this.ready(this.presence)]);
  }

  /** A ws-gateway instance (k = 0, 1, ...) of this run: its own consumer group, from the topics' end. */
  async startGateway(k, { dist, env = {} } = {}) {
    const id = `bench-${this.run}-${k}`;
    await this.seekGroupToEnd(`colink-ws-gateway-${id}`, WS_TOPICS);
    return this.startService(
      'ws-gateway',
      this.base + 81 + k,
      {
        INSTANCE_ID: id,
        KAFKA_BROKERS: this.brokers.join(','),
        CHANNELS_URL: this.channels.url,
        MESSAGING_URL: this.messaging.url,
        PRESENCE_URL: this.presence.url,
        ...env,
      },
      dist,
    );
  }

  /** A bare socket.io server with the Redis adapter (socket-baseline-server.mjs), k = 0, 1, ... */
  startBaseline(k, env = {}) {
    return this.spawnNode(
      `baseline socket.io ${k}`,
      this.base + 91 + k,
      [join(root, 'tools', 'bench', 'socket-baseline-server.mjs')],
      { BASELINE_REDIS_KEY: `colink-bench-${this.run}`, ...env },
      { metrics: false },
    );
  }

  /** Full GC (SIGWINCH), then RSS, anonymous memory and V8 heap used of a service or baseline. */
  async memory(service) {
    service.child.kill('SIGWINCH');
    await sleep(1_500);
    let heap = NaN;
    try {
      if (service.metricsUrl) {
        const text = await (await fetch(service.metricsUrl)).text();
        heap = Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? NaN);
      } else heap = (await (await fetch(`${service.url}/memory`)).json()).heapUsed;
    } catch {
      // reported as n/a
    }
    return { rss: rssBytes(service.child.pid), anon: anonBytes(service.child.pid), heap };
  }

  // ---- Keycloak users and the internal identity ------------------------------------------------------
  async form(url, fields) {
    const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
    const body = await response.json();
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  }

  async kcAdmin(method, path, body) {
    if (!this.adminToken || this.adminToken.until < Date.now()) {
      const token = await this.form(`${this.keycloakUrl}/realms/master/protocol/openid-connect/token`, {
        grant_type: 'password',
        client_id: 'admin-cli',
        username: process.env.KEYCLOAK_ADMIN ?? 'admin',
        password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
      });
      this.adminToken = { value: token.access_token, until: Date.now() + 30_000 };
    }
    return fetch(`${this.keycloakUrl}/admin/realms/${this.realm}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminToken.value}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /**
   * `count` users of the realm with access tokens (the password grant of the colink-cli client, as
   * the web app signs in), deleted at cleanup. About 0.4 s of Keycloak's CPU each on this machine.
   */
  async users(count) {
    const users = [];
    this.onCleanup(async () => {
      for (const user of users) await this.kcAdmin('DELETE', `/users/${user.sub}`).catch(() => undefined);
    });
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const k = next++;
        const username = `bench-${this.run}-${k}`;
        const password = `bench-${randomUUID()}`;
        const created = await this.kcAdmin('POST', '/users', {
          username,
          enabled: true,
          email: `${username}@example.test`,
          emailVerified: true,
          firstName: 'Bench',
          lastName: `User ${k}`,
          credentials: [{ type: 'password', value: password, temporary: false }],
        });
        if (created.status !== 201) throw new Error(`Keycloak user creation answered ${created.status}`);
        const user = { sub: created.headers.get('location').split('/').pop(), username, password, k };
        users.push(user);
        user.token = await this.token(user);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    return users.sort((a, b) => a.k - b.k);
  }

  async token(user) {
    const token = await this.form(`${this.keycloakUrl}/realms/${this.realm}/protocol/openid-connect/token`, {
      grant_type: 'password',
      client_id: 'colink-cli',
      username: user.username,
      password: user.password,
      scope: 'openid',
    });
    return token.access_token;
  }

  /** A call straight to a service as `user` (the internal identity the front door would sign). */
  async call(base, user, method, path, body) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...identityHeaders(user, this.secret) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /**
   * Channels with the given member lists (users; the first creates it), joined through the channels
   * service; waits until messaging knows every membership (it learns them from Kafka).
   */
  async channelsWith(memberLists, concurrency = 8) {
    const ids = new Array(memberLists.length);
    let next = 0;
    let memberships = 0;
    const worker = async () => {
      while (next < memberLists.length) {
        const c = next++;
        const [owner, ...others] = memberLists[c];
        const created = await this.call(this.channels.url, owner, 'POST', '/api/v1/channels', {
          name: `bench-${this.run}-${c}`,
          is_private: false,
        });
        if (created.status !== 201) throw new Error(`creating a channel answered ${created.status}`);
        ids[c] = created.body.id;
        for (const user of others) {
          const joined = await this.call(this.channels.url, user, 'POST', `/api/v1/channels/${ids[c]}/join`);
          if (joined.status !== 200) throw new Error(`joining a channel answered ${joined.status}`);
        }
        memberships += memberLists[c].length;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await this.pg.query(
        `SELECT count(*)::int AS n FROM "${this.schemas.messaging}".members WHERE channel_id = ANY($1::uuid[])`,
        [ids],
      );
      if (rows[0].n >= memberships) break;
      if (Date.now() > deadline)
        throw new Error(`messaging learned ${rows[0].n} of ${memberships} memberships in 120 s`);
      await sleep(200);
    }
    return ids;
  }

  async cleanup() {
    for (const fn of this.cleanups.reverse()) await fn().catch(() => undefined);
    for (const child of this.children) if (child.exitCode === null) child.kill('SIGTERM');
    const deadline = Date.now() + 15_000;
    while (this.children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline)
      await sleep(200);
    for (const child of this.children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const admin = this.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups(this.groups))
      .catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    for (const schema of Object.values(this.schemas))
      await this.pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await this.pg.end().catch(() => undefined);
  }
}

/** Opens a socket.io client socket and resolves when connected (rejects on connect_error). */
export function openSocket(url, auth, { reconnection = false, onSetup } = {}) {
  const { io } = require('socket.io-client');
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth,
    reconnection,
    forceNew: true,
    timeout: 20_000,
  });
  onSetup?.(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      if (!reconnection) socket.close();
      reject(new Error(`connect to ${url}: ${error.message}`));
    });
  });
}

/** Runs `one(i)` for i < count with `concurrency` in flight. */
export async function pool(count, concurrency, one) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await one(next++);
    }),
  );
}
