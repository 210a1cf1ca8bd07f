#!/usr/bin/env node
// tools/colink bench: posts/s, POST latency and post-to-Kafka lag of the channels + messaging services,
// and (sockets.mjs) send -> delivered latency and sockets per GiB of two ws-gateway instances, each as
// a ratio to a baseline measured in the same run on the same machine. Loopback only, bounded in count
// and time. Starts the built services itself (own schemas and consumer groups), then cleans up.
// Options: --only=posts|sockets, --posts=, --concurrency=, --sockets=, --messages=, --rate=, --phase-seconds=,
// --base=14200 (ports base+2, base+3 for channels and messaging; sockets.mjs uses base+81.. and base+91..),
// --dist=<dir> (another build's output, to compare two builds in one run of the machine),
// --profile (messaging under `node --cpu-prof`: the top functions of the posting phases are printed)
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { benchSockets } from './sockets.mjs';
import { identityHeaders } from './identity.mjs';
import { seekGroupToEnd as seekToEnd } from './kafka-groups.mjs';
import { summariseProfiles } from './cpuprofile-top.mjs';
import { NODE_ENV_VARS, NODE_FLAGS, serviceNodeFlags } from './node-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { Kafka, logLevel } = require('kafkajs');
const pg = require('pg');

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg) => arg.replace(/^--/, '').split('='))
    .map(([k, v]) => [k, v ?? 'true']),
);
const POSTS = Number(args.posts ?? 2000); // per scenario
const CONCURRENCY = Number(args.concurrency ?? 32);
const PHASE_LIMIT_MS = Number(args['phase-seconds'] ?? 30) * 1000;
const CHANNELS = 100;
const BASE = Number(args.base ?? 14200);
const ONLY = args.only ?? 'all'; // posts | sockets | all
const DIST = args.dist ?? join(root, 'dist');
const PROFILE_DIR = join(root, '.bench', 'profiles', 'posts');
const profileWindow = { start: 0, end: 0, exits: {} };
if (!['posts', 'sockets', 'all'].includes(ONLY)) throw new Error(`--only=${ONLY}: posts, sockets or all`);
const cleanups = [];
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://colink:colink@localhost:5432/colink';
const BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
const run = randomUUID().slice(0, 8);
const secret = `bench-${randomUUID()}`;
const kafka = new Kafka({ clientId: `bench-${run}`, brokers: BROKERS, logLevel: logLevel.NOTHING });

// ---- helpers -------------------------------------------------------------------------------------
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function call(base, user, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...identityHeaders(user, secret) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** Runs `one(i)` for i < count with `concurrency` in flight, stopping early at the time limit. */
async function load(count, concurrency, one) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count && performance.now() - started < PHASE_LIMIT_MS) {
      const i = next++;
      const t = performance.now();
      const ok = await one(i).catch(() => false);
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
    seconds,
    rate: latencies.length / seconds,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
  };
}

/** A new consumer group of this run, moved to the topics' current end. */
const seekGroupToEnd = (groupId, topics) => seekToEnd(kafka, groupId, topics);

/** A consumer from the topic's current end, calling `seen(value, receivedAtMs)` for every record. */
async function tail(topic, seen) {
  const consumer = kafka.consumer({ groupId: `bench-tail-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    eachMessage: async ({ message }) => seen(message.value?.toString() ?? '', Date.now()),
  });
  await joined;
  await sleep(500); // the fetch loop has started on every partition
  return consumer;
}

const services = [];
function startService(app, port, extra) {
  const entry = join(DIST, 'apps', app, 'apps', app, 'src', 'main.js');
  const flags = [];
  if (args.profile && app === 'messaging' && port === BASE + 3) {
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(PROFILE_DIR, { recursive: true });
    flags.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${app}.cpuprofile`);
  }
  const child = spawn(process.execPath, [...NODE_FLAGS, ...serviceNodeFlags(app), ...flags, entry], {
    env: {
      ...NODE_ENV_VARS,
      ...process.env,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      INTERNAL_AUTH_SECRET: secret,
      METRICS_PORT: '0',
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  services.push(child);
  // The exit time maps the profile's clock onto the posting window (cpuprofile-top.mjs).
  if (flags.length) child.once('exit', () => (profileWindow.exits[app] = Date.now()));
  return { url: `http://127.0.0.1:${port}`, child, stderr: () => stderr };
}

async function ready(service, name) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`${name} exited: ${service.stderr().slice(-1000)}`);
    try {
      if ((await fetch(`${service.url}/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} not ready after 60 s`);
    await sleep(200);
  }
}

// ---- the run -------------------------------------------------------------------------------------
const db = new pg.Pool({ connectionString: DATABASE_URL, max: CONCURRENCY });
const schemas = {
  channels: `bench_channels_${run}`,
  messaging: `bench_messaging_${run}`,
  baseline: `bench_baseline_${run}`,
};
const echoTopic = `colink-bench-${run}`;
const results = [];
let echoServer;
const consumers = [];

async function main() {
  for (const app of ONLY === 'posts' ? ['channels', 'messaging'] : ['channels', 'messaging', 'ws-gateway']) {
    if (!existsSync(join(DIST, 'apps', app, 'apps', app, 'src', 'main.js'))) {
      if (args.dist) throw new Error(`--dist=${DIST} has no build of ${app}`);
      console.log(`building ${app} ...`);
      const built = spawnSync('pnpm', ['exec', 'nx', 'run', `${app}:build`], { cwd: root, stdio: 'inherit' });
      if (built.status !== 0) throw new Error(`build of ${app} failed`);
    }
  }
  const cpu = os.cpus();
  console.log(
    `hardware: ${cpu.length} CPUs (${cpu[0]?.model ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  console.log(
    `node flags: ${NODE_FLAGS.join(' ')}${['channels', 'messaging']
      .filter((app) => serviceNodeFlags(app).length)
      .map((app) => `; ${app} also ${serviceNodeFlags(app).join(' ')}`)
      .join('')}`,
  );
  if (ONLY !== 'sockets')
    console.log(
      `load: ${POSTS} posts per scenario, ${CONCURRENCY} in flight, at most ${PHASE_LIMIT_MS / 1000} s per phase`,
    );
  if (ONLY !== 'posts')
    console.log(
      `sockets: ${args.sockets ?? 200} sockets over 2 ws-gateway instances, ${args.messages ?? 200} messages at ${args.rate ?? 20}/s, at most ${PHASE_LIMIT_MS / 1000} s per phase`,
    );
  console.log('');

  const channelsName = `bench-channels-${run}`;
  const messagingName = `bench-messaging-${run}`;
  await seekGroupToEnd(`colink-${channelsName}`, [
    'message.created',
    'message.updated',
    'message.deleted',
    'user.created',
    'user.updated',
  ]);
  await seekGroupToEnd(`colink-${messagingName}`, [
    'channel.created',
    'channel.updated',
    'channel.member_added',
    'channel.member_removed',
    'user.created',
    'user.updated',
    'file.uploaded',
    'file.scanned',
  ]);
  const channels = startService('channels', BASE + 2, {
    DATABASE_SCHEMA: schemas.channels,
    SERVICE_NAME: channelsName,
    DATABASE_URL,
    KAFKA_BROKERS: BROKERS.join(','),
  });
  const messaging = startService('messaging', BASE + 3, {
    DATABASE_SCHEMA: schemas.messaging,
    SERVICE_NAME: messagingName,
    DATABASE_URL,
    KAFKA_BROKERS: BROKERS.join(','),
  });
  await Promise.all([ready(channels, 'channels'), ready(messaging, 'messaging')]);

  const row = (what, value, unit, baseline, baseUnit, note = '') =>
    results.push({
      what,
      value: `${fmt(value)} ${unit}`,
      baseline: `${fmt(baseline)} ${baseUnit}`,
      ratio: fmt(value / baseline, 2),
      note,
    });
  if (ONLY !== 'sockets') await benchPosts(channels, messaging, row);
  if (ONLY !== 'posts') {
    const sockets = await benchSockets({
      require,
      kafka,
      args,
      sleep,
      pct,
      fmt,
      run,
      base: BASE,
      db,
      schemas,
      channelsUrl: channels.url,
      messagingUrl: messaging.url,
      call,
      startService,
      ready,
      seekGroupToEnd,
      phaseLimitMs: PHASE_LIMIT_MS,
      onCleanup: (fn) => cleanups.push(fn),
      track: (child) => services.push(child),
    });
    console.log(sockets.summary);
    for (const r of sockets.rows) row(r.what, r.value, r.unit, r.baseline, r.baseUnit, r.note);
    if (sockets.lost) process.exitCode = 1;
  }
  console.table(results);
}

async function benchPosts(channels, messaging, row) {
  // The generator shares the cores with what it measures: its own CPU and event-loop lag are printed.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const user = { sub: randomUUID(), username: `bench${run}` };
  const ids = [];
  for (let i = 0; i <= CHANNELS; i += 1) {
    const created = await call(channels.url, user, 'POST', '/api/v1/channels', {
      name: `bench-${run}-${i}`,
      is_private: false,
    });
    if (created.status !== 201) throw new Error(`creating a channel answered ${created.status}`);
    ids.push(created.body.id);
  }
  const [single, ...spread] = ids;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${schemas.messaging}".members`);
    if (rows[0].n >= ids.length) break;
    if (Date.now() > deadline) throw new Error('messaging did not learn of the channels');
    await sleep(100);
  }

  // Baseline 1: a plain HTTP server on the same Node answering the same JSON body.
  echoServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body);
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: randomUUID(), ...parsed }));
    });
  });
  await new Promise((resolve) => echoServer.listen(0, '127.0.0.1', resolve));
  const echoUrl = `http://127.0.0.1:${echoServer.address().port}`;
  const content = 'a benchmark message with a little **Markdown** and no mentions';
  const echo = await load(POSTS, CONCURRENCY, async () => {
    const response = await fetch(`${echoUrl}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...identityHeaders(user, secret) },
      body: JSON.stringify({ content }),
    });
    await response.text();
    return response.status === 201;
  });

  // Baseline 2: a bare INSERT of the same row into Postgres, one autocommit statement each.
  await db.query(`CREATE SCHEMA "${schemas.baseline}"`);
  await db.query(
    `CREATE TABLE "${schemas.baseline}".rows (id uuid PRIMARY KEY, channel_id uuid, content text, created_at timestamptz DEFAULT now())`,
  );
  const insert = await load(POSTS, CONCURRENCY, async () => {
    await db.query(`INSERT INTO "${schemas.baseline}".rows (id, channel_id, content) VALUES ($1, $2, $3)`, [
      randomUUID(),
      single,
      content,
    ]);
    return true;
  });

  // Baseline 3: produce -> consume through the same broker, no service in between.
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: echoTopic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  const bareLags = [];
  consumers.push(await tail(echoTopic, (value, at) => bareLags.push(at - Number(value))));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const produced = await load(Math.min(POSTS, 1000), CONCURRENCY, async (i) => {
    await producer.send({
      topic: echoTopic,
      acks: -1,
      messages: [{ key: String(i % CHANNELS), value: String(Date.now()) }],
    });
    return true;
  });
  await sleep(1_000);
  await producer.disconnect();
  bareLags.sort((a, b) => a - b);

  // The service: every POST goes API -> Postgres (message + outbox row) -> relay -> Kafka.
  const ours = new Set(ids);
  const lags = new Map(); // message id -> ms from created_at to seen on Kafka
  const created = new Map(); // message id -> its created_at (ms since the epoch)
  consumers.push(
    await tail('message.created', (value, at) => {
      const envelope = JSON.parse(value);
      if (ours.has(envelope.data?.channel_id)) {
        created.set(envelope.data.id, Date.parse(envelope.data.created_at));
        lags.set(envelope.data.id, at - Date.parse(envelope.data.created_at));
      }
    }),
  );
  const posted = new Set();
  const answered = new Map(); // message id -> when its 201 arrived (ms since the epoch)
  const postTo = (channelFor) => async (i) => {
    const reply = await call(messaging.url, user, 'POST', `/api/v1/channels/${channelFor(i)}/messages`, {
      content,
    });
    if (reply.status === 201) {
      posted.add(reply.body.id);
      answered.set(reply.body.id, Date.now());
    }
    return reply.status === 201;
  };
  // Postgres' side of a post: the CPU of messaging's backends (its pool and its relay's connection),
  // each backend's last reading kept once it is gone; a backend opened during a phase counts whole.
  const backendCpu = new Map();
  const pgSeconds = async () => {
    const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE application_name IN ($1, $2)`, [
      `colink-${schemas.messaging}`,
      `outbox-relay-${schemas.messaging}`,
    ]);
    for (const { pid } of rows) {
      const seconds = cpuSeconds(pid);
      if (Number.isFinite(seconds)) backendCpu.set(pid, seconds);
    }
    return [...backendCpu.values()].reduce((sum, seconds) => sum + seconds, 0);
  };
  profileWindow.start = Date.now();
  // CPU per post of messaging itself: unlike latency, it barely depends on what else the machine runs.
  const cpu0 = cpuSeconds(messaging.child.pid);
  const pg0 = await pgSeconds();
  const one = await load(
    POSTS,
    CONCURRENCY,
    postTo(() => single),
  );
  const cpu1 = cpuSeconds(messaging.child.pid);
  const pg1 = await pgSeconds();
  const many = await load(
    POSTS,
    CONCURRENCY,
    postTo((i) => spread[i % spread.length]),
  );
  const cpu2 = cpuSeconds(messaging.child.pid);
  const pg2 = await pgSeconds();
  const lastPost = Date.now();
  profileWindow.end = lastPost;
  while ([...posted].some((id) => !lags.has(id)) && Date.now() - lastPost < 30_000) await sleep(100);
  const drainMs = Date.now() - lastPost;
  const missing = [...posted].filter((id) => !lags.has(id)).length;
  const serviceLags = [...lags.values()].sort((a, b) => a - b);
  // Where the lag goes: created_at -> 201 answered (waiting for the group, its statement and commit,
  // the response), then 201 -> seen on Kafka (relay wake, read, produce with acks=-1, consumer fetch).
  const toAnswer = [];
  const answerToKafka = [];
  for (const [id, lag] of lags) {
    const at = answered.get(id);
    if (at === undefined) continue;
    toAnswer.push(at - created.get(id));
    answerToKafka.push(lag - (at - created.get(id)));
  }
  toAnswer.sort((a, b) => a - b);
  answerToKafka.sort((a, b) => a - b);

  // ---- report --------------------------------------------------------------------------------------
  row(
    'posts/s, one channel',
    one.rate,
    '/s',
    insert.rate,
    'INSERT/s',
    `${one.done} posts, ${one.failures} failed`,
  );
  row('posts/s, one channel vs HTTP echo', one.rate, '/s', echo.rate, 'req/s');
  row(
    'posts/s, 100 channels',
    many.rate,
    '/s',
    insert.rate,
    'INSERT/s',
    `${many.done} posts, ${many.failures} failed`,
  );
  row('POST p50, one channel', one.p50, 'ms', echo.p50, 'ms echo');
  row('POST p99, one channel', one.p99, 'ms', echo.p99, 'ms echo');
  row('POST p50, 100 channels', many.p50, 'ms', echo.p50, 'ms echo');
  row('POST p99, 100 channels', many.p99, 'ms', echo.p99, 'ms echo');
  row('post-to-Kafka lag p50', pct(serviceLags, 50), 'ms', pct(bareLags, 50), 'ms bare produce->consume');
  row(
    'post-to-Kafka lag p99',
    pct(serviceLags, 99),
    'ms',
    pct(bareLags, 99),
    'ms bare produce->consume',
    `${serviceLags.length} events, ${missing} missing, drained ${drainMs} ms after the last 201`,
  );
  console.log(
    `messaging CPU per post: ${fmt((1000 * (cpu1 - cpu0)) / one.done, 2)} ms in one channel, ` +
      `${fmt((1000 * (cpu2 - cpu1)) / many.done, 2)} ms over 100 channels (with its relay and consumers); ` +
      `its Postgres backends ${fmt((1000 * (pg1 - pg0)) / one.done, 2)} ms and ${fmt((1000 * (pg2 - pg1)) / many.done, 2)} ms`,
  );
  console.log(
    `post-to-Kafka split: created_at -> 201 p50 ${fmt(pct(toAnswer, 50))} / p99 ${fmt(pct(toAnswer, 99))} ms, ` +
      `201 -> seen on Kafka p50 ${fmt(pct(answerToKafka, 50))} / p99 ${fmt(pct(answerToKafka, 99))} ms`,
  );
  console.log(
    'baselines: ' +
      [
        `HTTP echo ${fmt(echo.rate)} req/s (p50 ${fmt(echo.p50)} ms, p99 ${fmt(echo.p99)} ms)`,
        `bare INSERT ${fmt(insert.rate)} /s (p50 ${fmt(insert.p50)} ms)`,
        `bare produce ${fmt(produced.rate)} /s, produce->consume p50 ${fmt(pct(bareLags, 50))} ms`,
      ].join('; '),
  );
  lag.disable();
  const used = process.cpuUsage(cpuBefore);
  const cpuS = (used.user + used.system) / 1e6;
  const wallS = (performance.now() - startedAt) / 1000;
  console.log(
    `generator: ${fmt(cpuS)} s CPU in ${fmt(wallS)} s (${fmt((100 * cpuS) / wallS / os.cpus().length, 0)} % of the ${os.cpus().length} cores), event-loop lag p99 ${fmt(lag.percentile(99) / 1e6)} ms`,
  );
  if (missing > 0) process.exitCode = 1;
}

async function cleanup() {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  for (const consumer of consumers) await consumer.disconnect().catch(() => undefined);
  echoServer?.closeAllConnections();
  echoServer?.close();
  for (const child of services) child.kill('SIGTERM');
  await Promise.all(
    services.map((child) =>
      child.exitCode !== null ? null : new Promise((resolve) => child.once('exit', resolve)),
    ),
  );
  const admin = kafka.admin();
  await admin
    .connect()
    .then(() => admin.deleteTopics({ topics: [echoTopic] }))
    .catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  for (const schema of Object.values(schemas))
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await db.end();
}

const watchdog = setTimeout(() => {
  console.error('bench: over 8 minutes, giving up');
  for (const child of services) child.kill('SIGKILL');
  process.exit(1);
}, 8 * 60_000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    console.error(`bench: ${signal}, stopping what it started`);
    for (const child of services) child.kill('SIGKILL');
    process.exit(130);
  });

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  if (args.profile && profileWindow.exits.messaging) {
    writeFileSync(join(PROFILE_DIR, 'window.json'), JSON.stringify(profileWindow, null, 2));
    console.log(`\nprofile of the posting phases (${PROFILE_DIR}):`);
    console.log(summariseProfiles(PROFILE_DIR, 25));
  }
  process.exit(process.exitCode ?? 0);
}
