#!/usr/bin/env node
// tools/colink bench footprint: resident memory (RSS) and V8 heap of the ten services, started the way
// `tools/colink up` starts them (same Node flags, ports base+1.. like startPlatform, wired to each
// other and to the running stack), idle and after a little load, each read after a forced full GC.
// Baseline of the same run: a bare Node HTTP server (what any Node process costs before CoLink).
// Options: --base=27000 (ports base+1..base+81, metrics on port+500), --idle-seconds=10,
// --load-seconds=15, --ready-seconds=180, --node-flags="..." (every service's; default: deploy/node.env's, what services.sh and the
// Dockerfile pass), --node-flags-<service>="..." (that service's own, after them; default: node.env's COLINK_NODE_FLAGS_<SERVICE>),
// --dist=dist (another build's output, to compare two builds in one run).
// Bounded: gives up after 6 minutes and stops everything it started.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { identityHeaders } from './identity.mjs';
import { seekGroupToEnd } from './kafka-groups.mjs';
import { NODE_ENV_VARS, NODE_FLAGS as SERVICE_NODE_FLAGS, serviceNodeFlags } from './node-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg) => arg.replace(/^--/, '').split(/=(.*)/s))
    .map(([k, v]) => [k, v ?? 'true']),
);
const BASE = Number(args.base ?? 27000);
const IDLE_MS = Number(args['idle-seconds'] ?? 10) * 1000;
const LOAD_MS = Number(args['load-seconds'] ?? 15) * 1000;
const READY_MS = Number(args['ready-seconds'] ?? 180) * 1000;
const DIST = join(root, args.dist ?? 'dist');
const METRICS_OFFSET = 500;
const NODE_FLAGS = args['node-flags']?.split(' ').filter(Boolean) ?? SERVICE_NODE_FLAGS;
const ownFlags = (name) => args[`node-flags-${name}`]?.split(' ').filter(Boolean) ?? serviceNodeFlags(name);
const MIB = 2 ** 20;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

// NAME:PORT:METRICS_PORT in start order, the same table services.sh starts from.
const table = readFileSync(join(root, 'deploy', 'topology.env'), 'utf8')
  .split('COLINK_SERVICES=(')[1]
  .split(')')[0]
  .trim()
  .split(/\s+/)
  .map((entry) => {
    const [name, port] = entry.split(':');
    return { name, port: BASE + (Number(port) % 100) };
  });
const secret = `bench-${randomUUID()}`;
const run = randomUUID().slice(0, 8);
// Consumer groups of the run's own, moved to the topics' end before the services start: "idle" means
// idle, not catching up on the events other runs left on the shared topics (bi-exporter holds every
// event id of a day it exports, channels and search their projections).
const consumerEnv = {
  admin: { SERVICE_NAME: `bench-footprint-admin-${run}` },
  channels: { SERVICE_NAME: `bench-footprint-channels-${run}` },
  messaging: { SERVICE_NAME: `bench-footprint-messaging-${run}` },
  search: { SERVICE_NAME: `bench-footprint-search-${run}` },
  'bi-exporter': { BI_CONSUMER_GROUP: `bench-footprint-bi-exporter-${run}` },
  'ws-gateway': { INSTANCE_ID: `bench-footprint-${run}` },
  // A database of the bench's own for files, for the same reason: its scan worker claims the pending
  // files of the shared one (what tests left), and a scan loads the AWS SDK and sharp.
  files: { MONGODB_URL: mongoUrlWithDatabase(process.env.MONGODB_URL, 'colink_files_bench_footprint') },
};
function mongoUrlWithDatabase(url = 'mongodb://localhost:27017/colink_files', database) {
  return url.replace(/^(mongodb(\+srv)?:\/\/[^/?]+)\/?[^?]*/, `$1/${database}`);
}
const consumerGroups = [
  ...['admin', 'channels', 'messaging', 'search'].map((name) => `colink-${consumerEnv[name].SERVICE_NAME}`),
  consumerEnv['bi-exporter'].BI_CONSUMER_GROUP,
  `colink-ws-gateway-${consumerEnv['ws-gateway'].INSTANCE_ID}`,
];
const urls = {};
for (const { name, port } of table)
  urls[`${name.toUpperCase().replace('-', '_')}_URL`] = `http://127.0.0.1:${port}`;

const children = [];
function start(name, port, entry, env = {}) {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      join(root, 'tools', 'bench', 'gc-on-signal.cjs'),
      ...NODE_FLAGS,
      ...ownFlags(name),
      entry,
    ],
    {
      env: {
        ...NODE_ENV_VARS,
        ...process.env,
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        METRICS_PORT: String(port + METRICS_OFFSET),
        INTERNAL_AUTH_SECRET: secret,
        INSTANCE_ID: `bench-footprint-${run}-${name}`,
        ...urls,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  children.push(child);
  return { name, port, child, stderr: () => stderr, url: `http://127.0.0.1:${port}` };
}

async function ready(service, path = '/ready') {
  const deadline = Date.now() + READY_MS;
  for (;;) {
    if (service.child.exitCode !== null)
      throw new Error(`${service.name} exited: ${service.stderr().slice(-800)}`);
    try {
      if ((await fetch(`${service.url}${path}`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${service.name} not ready after ${READY_MS / 1000} s`);
    await sleep(250);
  }
}

function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN; // the process has exited: reported below with its last words
  }
}

/** Anonymous memory (heap, native, stacks): RSS without the file-backed pages of the node binary. */
function anonMiB(pid) {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Anonymous:\s+(\d+) kB/m.exec(rollup)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

async function heapMiB(service) {
  try {
    const text = await (await fetch(`http://127.0.0.1:${service.port + METRICS_OFFSET}/metrics`)).text();
    return Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? NaN) / MIB;
  } catch {
    return NaN;
  }
}

/** Full GC in every process (SIGWINCH, see gc-on-signal.cjs), then RSS and heap of each. */
async function measure(services) {
  for (const s of services) if (s.child.exitCode === null) s.child.kill('SIGWINCH');
  await sleep(1500);
  const out = {};
  for (const s of services)
    out[s.name] = { rss: rssMiB(s.child.pid), anon: anonMiB(s.child.pid), heap: await heapMiB(s) };
  return out;
}

/** A little load straight at the services (internal identity): channels, posts, reads, searches. */
async function littleLoad(services) {
  const user = { sub: randomUUID(), username: `footprint${randomUUID().slice(0, 6)}` };
  const headers = { 'content-type': 'application/json', ...identityHeaders(user, secret) };
  const call = async (base, method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text && text.startsWith('{') ? JSON.parse(text) : null };
  };
  let requests = 0;
  let failures = 0;
  const failed = {}; // what failed, by request and status, so a run's failures can be read
  const count = (label) => (reply) => {
    requests += 1;
    if (reply.status >= 500 || reply.status === 0) {
      failures += 1;
      failed[`${label} ${reply.status || 'refused'}`] =
        (failed[`${label} ${reply.status || 'refused'}`] ?? 0) + 1;
    }
    return reply;
  };
  const guard = (label, promise) => promise.then(count(label), () => count(label)({ status: 0 }));
  const created = await guard(
    'POST channels',
    call(urls.CHANNELS_URL, 'POST', '/api/v1/channels', { name: `footprint-${randomUUID().slice(0, 8)}` }),
  );
  const channelId = created.body?.id;
  const until = Date.now() + LOAD_MS;
  // messaging learns of the channel from Kafka: posts may answer 404 for the first second or so.
  while (Date.now() < until) {
    const batch = [];
    for (let i = 0; i < 8; i += 1) {
      if (channelId)
        batch.push(
          guard(
            'POST messages',
            call(urls.MESSAGING_URL, 'POST', `/api/v1/channels/${channelId}/messages`, {
              content: `footprint load ${i}`,
            }),
          ),
        );
      batch.push(guard('GET channels', call(urls.CHANNELS_URL, 'GET', '/api/v1/channels')));
      batch.push(guard('GET users/me', call(urls.USERS_URL, 'GET', '/api/v1/users/me')));
      batch.push(guard('GET search', call(urls.SEARCH_URL, 'GET', '/api/v1/search/messages?q=footprint')));
    }
    for (const s of services) batch.push(guard(`${s.name} /ready`, fetch(`${s.url}/ready`)));
    await Promise.all(batch);
  }
  return { requests, failures, failed, seconds: LOAD_MS / 1000 };
}

async function main() {
  for (const { name } of table)
    if (!existsSync(join(DIST, 'apps', name, 'apps', name, 'src', 'main.js')))
      throw new Error(`${DIST}/apps/${name} is missing: build first (pnpm exec nx run-many -t build)`);
  const cpu = os.cpus();
  console.log(
    `hardware: ${cpu.length} CPUs (${cpu[0]?.model ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(
    `footprint: ten services from ${DIST.replace(root + '/', '')} on ports ${BASE + 1}..${BASE + 81}, node ${NODE_FLAGS.join(' ') || '(no flags)'} ${Object.entries(
      NODE_ENV_VARS,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}${table
      .filter(({ name }) => ownFlags(name).length)
      .map(({ name }) => `, ${name} also ${ownFlags(name).join(' ')}`)
      .join(
        '',
      )}; idle ${IDLE_MS / 1000} s, then ${LOAD_MS / 1000} s of light load; every figure after a full GC\n`,
  );
  // A bare HTTP server answering /: the cost of any Node process before CoLink loads anything.
  const bareService = {
    name: 'bare node http',
    port: BASE + 99,
    url: `http://127.0.0.1:${BASE + 99}`,
    child: spawn(
      process.execPath,
      [
        '--expose-gc',
        '-r',
        join(root, 'tools', 'bench', 'gc-on-signal.cjs'),
        ...NODE_FLAGS,
        '-e',
        `require('node:http').createServer((q, r) => r.end('ok')).listen(${BASE + 99}, '127.0.0.1')`,
      ],
      { stdio: 'ignore', env: { ...NODE_ENV_VARS, ...process.env } },
    ),
    stderr: () => '',
  };
  children.push(bareService.child);
  const { Kafka, logLevel } = createRequire(join(root, 'package.json'))('kafkajs');
  const kafka = new Kafka({
    clientId: `bench-footprint-${run}`,
    brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  await Promise.all(consumerGroups.map((groupId) => seekGroupToEnd(kafka, groupId)));
  const services = table.map(({ name, port }) =>
    start(name, port, join(DIST, 'apps', name, 'apps', name, 'src', 'main.js'), consumerEnv[name]),
  );
  const started = performance.now();
  await Promise.all([...services.map((s) => ready(s)), ready(bareService, '/')]);
  console.log(`all ten ready in ${fmt((performance.now() - started) / 1000, 1)} s`);
  await sleep(IDLE_MS);
  const idle = await measure([...services, bareService]);
  const load = await littleLoad(services);
  const loaded = await measure([...services, bareService]);
  const bareIdle = idle[bareService.name];
  const rows = services.map(({ name }) => ({
    service: name,
    'idle RSS MiB': fmt(idle[name].rss),
    'idle heap MiB': fmt(idle[name].heap, 1),
    'idle anon MiB': fmt(idle[name].anon),
    'loaded RSS MiB': fmt(loaded[name].rss),
    'loaded heap MiB': fmt(loaded[name].heap, 1),
    'idle RSS / bare': fmt(idle[name].rss / bareIdle.rss, 2),
    'target <=100 MiB': idle[name].rss <= 100 ? 'met' : 'missed',
  }));
  const sum = (which, key) => services.reduce((total, { name }) => total + which[name][key], 0);
  rows.push({
    service: 'all ten',
    'idle RSS MiB': fmt(sum(idle, 'rss')),
    'idle heap MiB': fmt(sum(idle, 'heap'), 1),
    'idle anon MiB': fmt(sum(idle, 'anon')),
    'loaded RSS MiB': fmt(sum(loaded, 'rss')),
    'loaded heap MiB': fmt(sum(loaded, 'heap'), 1),
    'idle RSS / bare': fmt(sum(idle, 'rss') / bareIdle.rss, 2),
    'target <=100 MiB': sum(idle, 'rss') <= 1024 ? 'met (<=1 GiB)' : 'missed (>1 GiB)',
  });
  console.table(rows);
  for (const s of services)
    if (s.child.exitCode !== null || s.child.signalCode !== null) {
      console.log(
        `${s.name} exited during the run (${s.child.exitCode ?? s.child.signalCode}): ${s.stderr().slice(-600)}`,
      );
      process.exitCode = 1;
    }
  console.log(
    `baseline: bare Node HTTP server ${fmt(bareIdle.rss)} MiB RSS (${fmt(bareIdle.anon)} MiB anonymous: the rest is the node binary's pages, shared by every process on a host); load: ${load.requests} requests in ${load.seconds} s, ${load.failures} failed (5xx or refused)${load.failures ? `: ${JSON.stringify(load.failed)}` : ''}`,
  );
}

async function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = Date.now() + 15_000;
  while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline)
    await sleep(200);
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

const watchdog = setTimeout(() => {
  console.error('bench footprint: over 6 minutes, giving up');
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
}, 6 * 60_000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(130);
  });

try {
  await main();
} catch (error) {
  console.error(`bench footprint failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await stopAll();
  process.exit(process.exitCode ?? 0);
}
