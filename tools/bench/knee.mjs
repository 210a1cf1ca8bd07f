#!/usr/bin/env node
// tools/colink bench knee: the knee of the whole pipeline. Real clients: Keycloak users with bearer
// tokens post through the gateway (gateway -> messaging -> outbox -> Kafka -> ws-gateway -> their
// sockets). Messages/s are stepped up, open model (Poisson arrivals, each latency measured from its
// intended send time), until the p99 send-to-delivered passes 500 ms or errors pass 0.1 %. The same
// people, sockets, channels and schedule run first against a bare socket.io server (the baseline of
// the same run); HTTP echo, bare INSERT and bare produce-to-consume are measured too. "Delivered"
// counts messages (a message is delivered when every socket of every member has it); deliveries
// (socket frames) are printed beside it.
// Options: --base=27600 (ports base+1.., the bare baselines base+99), --users=100, --step-seconds=8,
// --rates=25,50,...  --large-share=0.05 --dm-share=0.25 (of messages; the rest to small channels),
// --profile (gateway, messaging and ws-gateway under `node --cpu-prof`, or --profile=channels,gateway for
// those; see cpuprofile-top.mjs),
// --only=colink|bare (skip the other phase) or --only=proxy (CPU per request through the gateway,
// --requests=2000), --dist=dist (another build's output, to compare two). Bounded: gives up after 14 minutes.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  closedLoop,
  connectSockets,
  deleteKeycloakUsers,
  fmt,
  generatorLine,
  stackLine,
  hardwareLine,
  heartbeats,
  httpClient,
  keycloakUsers,
  meter,
  modelChannels,
  mulberry32,
  parseArgs,
  pct,
  procCpuSeconds,
  randomUUID,
  root,
  sleep,
  startPipeline,
  waitForMemberships,
} from './pipeline.mjs';
import { summariseProfiles } from './cpuprofile-top.mjs';

const args = parseArgs(process.argv);
const BASE = Number(args.base ?? 27600);
const USERS = Number(args.users ?? 100);
const STEP_MS = Number(args['step-seconds'] ?? 8) * 1000;
const RATES = (args.rates ?? '25,50,100,200,300,400,600,800,1000,1300,1600,2000').split(',').map(Number);
const LARGE_SHARE = Number(args['large-share'] ?? 0.05);
const DM_SHARE = Number(args['dm-share'] ?? 0.25);
const TYPING_SHARE = 0.3; // sends preceded by a typing notice
const READ_SHARE = 0.2; // messages after which a member marks the channel read
const DRAIN_MS = 3_000;
const P99_LIMIT_MS = 500;
const ERROR_LIMIT = 0.001;
const PROFILE = args.profile !== undefined && args.profile !== 'false';
const PROFILED =
  PROFILE && args.profile !== 'true' ? args.profile.split(',') : ['gateway', 'messaging', 'ws-gateway'];

let pipeline;
let users = [];
let baseline;
const closers = [];

async function main() {
  console.log(hardwareLine());
  console.log(
    `knee: ${USERS} people (web socket each, phone socket for half), messages ${fmt(100 * LARGE_SHARE, 0)} % to a channel of everyone, ${fmt(100 * DM_SHARE, 0)} % DMs, the rest to channels of 3-20; ` +
      `${fmt(100 * TYPING_SHARE, 0)} % preceded by typing, ${fmt(100 * READ_SHARE, 0)} % followed by a mark-read, heartbeats every 30 s; steps of ${STEP_MS / 1000} s at ${RATES.join(', ')} messages/s until p99 > ${P99_LIMIT_MS} ms or errors > ${100 * ERROR_LIMIT} %${PROFILE ? `; PROFILING ${PROFILED.join(', ')} (figures lower than without)` : ''}\n`,
  );
  baseline = spawn(process.execPath, [join(root, 'tools', 'bench', 'knee-baseline-server.mjs')], {
    env: { ...process.env, PORT: String(BASE + 99) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${BASE + 99}`;
  const profileDir = join(root, '.bench', 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  pipeline = await startPipeline({
    base: BASE,
    dist: args.dist ? join(root, args.dist) : undefined,
    profile: PROFILE ? PROFILED : [],
    profileDir,
  });
  const { run } = pipeline;
  users = await keycloakUsers(USERS, `bench-knee-${run}`);
  users.forEach((user, k) => (user.sockets = k % 2 === 0 ? 2 : 1));
  const gateway = httpClient(pipeline.gatewayUrl);
  const bare = httpClient(baseUrl);
  closers.push(
    () => gateway.close(),
    () => bare.close(),
  );
  const channels = await modelChannels(gateway, users, run);
  const memberships = await waitForMemberships(pipeline, channels);
  for (const channel of channels) channel.expected = channel.members.reduce((n, u) => n + u.sockets, 0);
  console.log(
    `model: ${channels.length} channels (1 of ${users.length}, ${channels.filter((c) => c.kind === 'small').length} of 3-20 people, ${channels.filter((c) => c.kind === 'dm').length} DMs), ${memberships} memberships, ${users.reduce((n, u) => n + u.sockets, 0)} sockets`,
  );

  // ---- bare baselines: HTTP echo, INSERT, produce -> consume ------------------------------------
  const content = 'a benchmark message with a little **Markdown** and no mentions';
  const echo = await closedLoop(
    4000,
    32,
    8_000,
    async () => (await bare.request('POST', '/echo', { body: { content } })).status === 201,
  );
  const table = `"${pipeline.schemas.messaging}".bare_insert`;
  await pipeline.db.query(
    `CREATE TABLE ${table} (id uuid PRIMARY KEY, channel_id uuid, content text, created_at timestamptz DEFAULT now())`,
  );
  const insert = await closedLoop(4000, 4, 8_000, async () => {
    await pipeline.db.query(`INSERT INTO ${table} (id, channel_id, content) VALUES ($1, $2, $3)`, [
      randomUUID(),
      channels[0].id,
      content,
    ]);
    return true;
  });
  const produce = await bareProduceConsume(pipeline.kafka, run);
  console.log(
    `bare baselines: HTTP echo ${fmt(echo.rate, 0)} req/s (p50 ${fmt(echo.p50)} ms, p99 ${fmt(echo.p99)} ms, 32 in flight); ` +
      `INSERT ${fmt(insert.rate, 0)} /s (p50 ${fmt(insert.p50)} ms, 4 connections); ` +
      `produce->consume ${fmt(produce.rate, 0)} /s, p50 ${fmt(produce.p50)} ms, p99 ${fmt(produce.p99)} ms\n`,
  );

  const auth = (user) => ({ authorization: `Bearer ${user.token}` });
  if (args.only === 'proxy') return proxyCost(gateway, channels, auth, echo, profileDir);

  // ---- the phases ---------------------------------------------------------------------------------
  const results = {};
  if (args.only !== 'colink') {
    results.bare = await phase({
      name: 'bare socket.io',
      url: baseUrl,
      socketAuth: (user) => ({ rooms: channels.filter((c) => c.members.includes(user)).map((c) => c.id) }),
      send: (channel, user, text) =>
        bare.request('POST', '/send', { body: { channel_id: channel.id, user_id: user.sub, content: text } }),
      read: () => bare.request('POST', '/echo', { body: { last_read_seq: 1 } }),
      channels,
    });
  }
  if (args.only !== 'bare') {
    const published = new Map(); // step -> events seen on message.created
    const seenOnKafka = new Map(); // message index -> when the bench's own consumer saw its event
    const tail = await tailTopic(pipeline.kafka, 'message.created', (envelope) => {
      const match = / s(\d+) #(\d+)$/.exec(envelope.data?.content ?? '');
      if (match && envelope.data.content.startsWith(`knee ${run} `)) {
        published.set(Number(match[1]), (published.get(Number(match[1])) ?? 0) + 1);
        if (!seenOnKafka.has(Number(match[2]))) seenOnKafka.set(Number(match[2]), performance.now());
      }
    });
    closers.push(() => tail.disconnect());
    let loadWindow;
    results.colink = await phase({
      name: 'CoLink',
      url: pipeline.wsUrl,
      socketAuth: (user) => ({ token: user.token }),
      send: (channel, user, text) =>
        gateway.request('POST', `/api/v1/channels/${channel.id}/messages`, {
          headers: auth(user),
          body: { content: text },
        }),
      read: (channel, user, seq) =>
        gateway.request('POST', `/api/v1/channels/${channel.id}/read`, {
          headers: auth(user),
          body: { last_read_seq: seq },
        }),
      channels,
      services: pipeline.services,
      seenOnKafka,
      stages: async (step) => {
        const { rows } = await pipeline.db.query(
          `SELECT count(*)::int AS n FROM "${pipeline.schemas.messaging}".messages WHERE content LIKE $1`,
          [`knee ${run} s${step} #%`],
        );
        return { stored: rows[0].n, published: published.get(step) ?? 0 };
      },
      onLoad: (window) => (loadWindow = window),
    });
    if (PROFILE) await stopAndSummarise(profileDir, loadWindow, 'the load steps', 15);
  }
  report(results, { echo, insert, produce });
}

/** One phase: sockets connected, then the stepped open-model schedule until the knee is passed. */
async function phase({
  name,
  url,
  socketAuth,
  send,
  read,
  channels,
  services = [],
  stages,
  onLoad,
  seenOnKafka,
}) {
  const messages = new Map(); // i -> { intended, step, expected, got }
  const onMessage = (envelope) => {
    const at = performance.now();
    const match = /#(\d+)$/.exec(envelope.data?.content ?? '');
    if (!match) return;
    const m = messages.get(Number(match[1]));
    if (!m) return;
    m.got += 1;
    m.latencies.push(at - m.intended);
  };
  const sockets = await connectSockets(url, users, socketAuth, onMessage);
  const firstSocket = new Map();
  for (const s of sockets) if (!firstSocket.has(s.user)) firstSocket.set(s.user, s.socket);
  const stopBeats = heartbeats(sockets);
  const rng = mulberry32(42);
  const small = channels.filter((c) => c.kind === 'small');
  const dms = channels.filter((c) => c.kind === 'dm');
  const large = channels.filter((c) => c.kind === 'large');
  const pick = () => {
    const r = rng();
    const pool = r < LARGE_SHARE ? large : r < LARGE_SHARE + DM_SHARE ? dms : small;
    return pool[Math.floor(rng() * pool.length)];
  };
  let counter = 0;
  const steps = [];
  try {
    // Warm-up, not counted: a few seconds at a low rate (JIT, connection pools, consumer fetch loops).
    await runStep(-1, 20, 3_000);
    const loadStarted = Date.now();
    for (const [k, rate] of RATES.entries()) {
      const result = await runStep(k, rate, STEP_MS);
      steps.push(result);
      printStep(name, result);
      if (!result.pass) break;
    }
    onLoad?.({ start: loadStarted, end: Date.now() });
  } finally {
    stopBeats();
    for (const { socket } of sockets) socket.disconnect();
  }
  return steps;

  async function runStep(step, rate, durationMs) {
    const m = meter(services);
    const mine = [];
    const requests = { posts: 0, postFailures: 0, reads: 0, readFailures: 0, failedBy: {} };
    const inFlight = [];
    const started = performance.now();
    let next = started;
    const fire = (intended) => {
      const channel = pick();
      const sender = channel.members[Math.floor(rng() * channel.members.length)];
      const i = counter++;
      const message = {
        i,
        intended,
        step,
        expected: channel.expected,
        got: 0,
        latencies: [],
        accepted: false,
      };
      messages.set(i, message);
      mine.push(message);
      if (rng() < TYPING_SHARE)
        firstSocket.get(sender)?.emit('typing', { channel_id: channel.id }, () => undefined);
      const readAfter =
        rng() < READ_SHARE ? channel.members[Math.floor(rng() * channel.members.length)] : null;
      requests.posts += 1;
      inFlight.push(
        send(channel, sender, `knee ${pipeline?.run ?? 'bare'} s${step} #${i}`).then(async (reply) => {
          if (reply.status !== 201) {
            requests.postFailures += 1;
            requests.failedBy[`POST ${reply.status}`] = (requests.failedBy[`POST ${reply.status}`] ?? 0) + 1;
            return;
          }
          message.accepted = true;
          message.answered = performance.now();
          if (readAfter) {
            requests.reads += 1;
            const read_ = await read(channel, readAfter, reply.body?.seq ?? 1);
            if (read_.status !== 200 && read_.status !== 201) {
              requests.readFailures += 1;
              requests.failedBy[`read ${read_.status}`] =
                (requests.failedBy[`read ${read_.status}`] ?? 0) + 1;
            }
          }
        }),
      );
    };
    while (performance.now() - started < durationMs) {
      const now = performance.now();
      while (next <= now && next - started < durationMs) {
        fire(next);
        next += (-Math.log(1 - rng()) * 1000) / rate;
      }
      await sleep(Math.max(0, Math.min(next - performance.now(), 5)));
    }
    const sendEnd = performance.now();
    await Promise.all(inFlight);
    const complete = () => mine.every((msg) => !msg.accepted || msg.got >= msg.expected);
    while (!complete() && performance.now() - sendEnd < DRAIN_MS) await sleep(20);
    const usage = m.read();
    const latencies = [];
    let expected = 0;
    let delivered = 0;
    let fullyDelivered = 0;
    for (const msg of mine) {
      if (!msg.accepted) continue;
      expected += msg.expected;
      delivered += Math.min(msg.got, msg.expected);
      if (msg.got >= msg.expected) fullyDelivered += 1;
      latencies.push(...msg.latencies);
      for (let n = msg.got; n < msg.expected; n += 1) latencies.push(Infinity); // never arrived in time
    }
    latencies.sort((a, b) => a - b);
    const seconds = durationMs / 1000;
    const accepted = mine.filter((msg) => msg.accepted).length;
    const requestErrors =
      (requests.postFailures + requests.readFailures) / Math.max(1, requests.posts + requests.reads);
    const undelivered = expected ? (expected - delivered) / expected : 0;
    const p99 = pct(latencies, 99);
    const extra = stages && step >= 0 ? await stages(step) : {};
    // Where the time goes, each stage from the intended send time: the POST answered (stored and
    // committed), the event seen on Kafka by a consumer of the bench's own (relayed), the first and
    // the last member socket's frame (consumed by ws-gateway and emitted to the rooms).
    const timeline = { answered: [], kafka: [], first: [], last: [] };
    for (const msg of mine) {
      if (!msg.accepted) continue;
      timeline.answered.push(msg.answered - msg.intended);
      const kafkaAt = seenOnKafka?.get(msg.i);
      if (kafkaAt !== undefined) timeline.kafka.push(kafkaAt - msg.intended);
      seenOnKafka?.delete(msg.i);
      if (msg.latencies.length) timeline.first.push(Math.min(...msg.latencies));
      timeline.last.push(msg.got >= msg.expected ? Math.max(...msg.latencies) : Infinity);
    }
    for (const list of Object.values(timeline)) list.sort((a, b) => a - b);
    for (const msg of mine) messages.delete(msg.i); // late arrivals of this step no longer count
    return {
      step,
      rate,
      sent: mine.length,
      accepted,
      acceptedRate: accepted / seconds,
      storedRate: extra.stored === undefined ? NaN : extra.stored / seconds,
      publishedRate: extra.published === undefined ? NaN : extra.published / seconds,
      deliveredRate: fullyDelivered / seconds,
      deliveriesRate: delivered / seconds,
      expected,
      delivered,
      p50: pct(latencies, 50),
      p99,
      requestErrors,
      undelivered,
      failedBy: requests.failedBy,
      timeline,
      pass: p99 <= P99_LIMIT_MS && requestErrors <= ERROR_LIMIT && undelivered <= ERROR_LIMIT,
      usage,
    };
  }
}

/**
 * What one request costs each service in CPU time, closed loop (16 in flight), so the figure barely
 * depends on what else the machine runs: an authenticated GET through the gateway, and a post.
 */
async function proxyCost(gateway, channels, auth, echo, profileDir) {
  const count = Number(args.requests ?? 2000);
  const loadWindow = { start: Date.now(), end: 0 };
  const small = channels.filter((c) => c.kind === 'small');
  const services = pipeline.services;
  const measure = async (label, one) => {
    const before = services.map((s) => procCpuSeconds(s.child.pid));
    const m = meter(services);
    const result = await closedLoop(count, 16, 60_000, one);
    const usage = m.read();
    const cpu = services.map((s, k) => [
      s.name,
      ((procCpuSeconds(s.child.pid) - before[k]) * 1000) / result.done,
    ]);
    console.log(
      `${label}: ${result.done} requests, ${result.failures} failed, ${fmt(result.rate, 0)}/s, p50 ${fmt(result.p50)} ms (${fmt(result.p50 / echo.p50, 2)}x echo), p99 ${fmt(result.p99)} ms (${fmt(result.p99 / echo.p99, 2)}x echo); CPU ms per request: ` +
        cpu
          .filter(([, ms]) => ms >= 0.05)
          .map(([name, ms]) => `${name} ${fmt(ms, 2)}`)
          .join(', '),
    );
    console.log(`  ${generatorLine(usage)}`);
  };
  let k = 0;
  await measure('GET /users/me through the gateway', async () => {
    const user = users[k++ % users.length];
    return (await gateway.request('GET', '/api/v1/users/me', { headers: auth(user) })).status === 200;
  });
  await measure('POST a message through the gateway', async () => {
    const channel = small[k++ % small.length];
    const user = channel.members[k % channel.members.length];
    const reply = await gateway.request('POST', `/api/v1/channels/${channel.id}/messages`, {
      headers: auth(user),
      body: { content: 'a benchmark message with a little **Markdown** and no mentions' },
    });
    return reply.status === 201;
  });
  loadWindow.end = Date.now();
  // --profile: the gateway's and messaging's top functions while the two measurements ran.
  if (PROFILE) await stopAndSummarise(profileDir, loadWindow, 'the requests', 20);
}

/**
 * Stops the profiled services (each writes its profile as it exits), records the load window and
 * each exit time beside the profiles, and prints the top functions by self time inside the window.
 */
async function stopAndSummarise(profileDir, loadWindow, during, top) {
  const exits = {};
  for (const s of pipeline.services) s.child.once('exit', () => (exits[s.name] = Date.now()));
  await pipeline.stop();
  pipeline = undefined;
  writeFileSync(join(profileDir, 'window.json'), JSON.stringify({ ...loadWindow, exits }, null, 2));
  console.log(`\nprofiles (${profileDir.replace(root + '/', '')}), self time during ${during} only:`);
  console.log(summariseProfiles(profileDir, top));
}

function printStep(name, r) {
  const failed = Object.entries(r.failedBy)
    .map(([k, v]) => `${k} x${v}`)
    .join(', ');
  console.log(
    `${name.padEnd(14)} ${String(r.rate).padStart(5)}/s offered: ${fmt(r.acceptedRate, 0)}/s accepted, ` +
      (Number.isFinite(r.storedRate)
        ? `${fmt(r.storedRate, 0)}/s stored, ${fmt(r.publishedRate, 0)}/s published, `
        : '') +
      `${fmt(r.deliveredRate, 0)} messages/s delivered (${fmt(r.deliveriesRate, 0)} deliveries/s); send->delivered p50 ${fmt(r.p50, 0)} ms, p99 ${fmt(r.p99, 0)} ms; ` +
      `errors ${fmt(100 * r.requestErrors, 2)} %${failed ? ` (${failed})` : ''}, undelivered ${fmt(100 * r.undelivered, 2)} % -> ${r.pass ? 'pass' : 'PAST THE KNEE'}`,
  );
  const per = Object.entries(r.usage.perService).map(([s, c]) => `${s} ${fmt(100 * c, 0)}`);
  console.log(
    `${''.padEnd(14)} ${generatorLine(r.usage)}${per.length ? `; % of one core: ${per.join(' ')}` : ''}`,
  );
  console.log(`${''.padEnd(14)} ${stackLine(r.usage)}`);
  const t = r.timeline;
  if (t.kafka.length)
    console.log(
      `${''.padEnd(14)} from the intended send, p50 / p99 ms: POST answered ${fmt(pct(t.answered, 50), 0)} / ${fmt(pct(t.answered, 99), 0)}, ` +
        `on Kafka ${fmt(pct(t.kafka, 50), 0)} / ${fmt(pct(t.kafka, 99), 0)}, first socket ${fmt(pct(t.first, 50), 0)} / ${fmt(pct(t.first, 99), 0)}, ` +
        `last socket ${fmt(pct(t.last, 50), 0)} / ${fmt(pct(t.last, 99), 0)}`,
    );
}

function report(results, { echo, insert, produce }) {
  const kneeOf = (steps) => {
    const passing = (steps ?? []).filter((s) => s.pass);
    return passing[passing.length - 1];
  };
  const ours = kneeOf(results.colink);
  const bare = kneeOf(results.bare);
  const rows = [];
  const row = (what, value, unit, base, baseUnit) =>
    rows.push({
      what,
      value: `${fmt(value)} ${unit}`,
      baseline: `${fmt(base)} ${baseUnit}`,
      ratio: fmt(value / base, 2),
    });
  if (ours) {
    row(
      'knee, messages/s delivered',
      ours.deliveredRate,
      '/s',
      bare?.deliveredRate ?? NaN,
      '/s bare socket.io',
    );
    row(
      'deliveries/s at the knee',
      ours.deliveriesRate,
      '/s',
      bare?.deliveriesRate ?? NaN,
      '/s bare socket.io',
    );
    row('accepted/s at the knee', ours.acceptedRate, '/s', echo.rate, 'req/s HTTP echo');
    row('stored/s at the knee', ours.storedRate, '/s', insert.rate, 'INSERT/s');
    row('published/s at the knee', ours.publishedRate, '/s', produce.rate, 'produce/s');
    const sameLoad = (results.bare ?? []).find((s) => s.rate === ours.rate);
    row(`send->delivered p50 at ${ours.rate}/s`, ours.p50, 'ms', sameLoad?.p50 ?? NaN, 'ms bare socket.io');
    row(`send->delivered p99 at ${ours.rate}/s`, ours.p99, 'ms', sameLoad?.p99 ?? NaN, 'ms bare socket.io');
  }
  if (rows.length) console.table(rows);
  const verdict = (label, k, steps) =>
    k
      ? `${label} knee: ${k.rate} messages/s offered (${fmt(k.deliveredRate, 0)} delivered/s, p99 ${fmt(k.p99, 0)} ms)` +
        (steps[steps.length - 1].pass
          ? ', never passed within the steps'
          : `; past it at ${steps[steps.length - 1].rate}/s`)
      : `${label}: no step passed`;
  if (results.bare) console.log(verdict('bare socket.io', bare, results.bare));
  if (results.colink) {
    console.log(verdict('CoLink', ours, results.colink));
    console.log(
      `target: knee >= 1000 messages/s delivered with p99 < 500 ms: ${ours && ours.deliveredRate >= 1000 ? 'met' : 'not met'}`,
    );
  }
}

async function bareProduceConsume(kafka, run) {
  const topic = `colink-bench-knee-${run}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  closers.push(async () => {
    const cleanup = kafka.admin();
    await cleanup
      .connect()
      .then(() => cleanup.deleteTopics({ topics: [topic] }))
      .catch(() => undefined);
    await cleanup.disconnect().catch(() => undefined);
  });
  await admin.disconnect();
  const lags = [];
  const consumer = await tailTopic(kafka, topic, null, (value, at) => lags.push(at - Number(value)));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let i = 0;
  const produced = await closedLoop(1000, 32, 8_000, async () => {
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: String(i++ % 100), value: String(Date.now()) }],
    });
    return true;
  });
  await sleep(1_000);
  await producer.disconnect();
  await consumer.disconnect();
  lags.sort((a, b) => a - b);
  return { rate: produced.rate, p50: pct(lags, 50), p99: pct(lags, 99) };
}

/** A consumer from the topic's current end; `onEnvelope` gets parsed JSON, `onRaw` the value string. */
async function tailTopic(kafka, topic, onEnvelope, onRaw) {
  const consumer = kafka.consumer({ groupId: `bench-knee-tail-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const value = message.value?.toString() ?? '';
      if (onRaw) return onRaw(value, Date.now());
      try {
        onEnvelope(JSON.parse(value));
      } catch {
        // not an envelope: not ours
      }
    },
  });
  await joined;
  await sleep(500); // the fetch loop has started on every partition
  return consumer;
}

async function cleanup() {
  for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
  if (pipeline) await pipeline.stop().catch(() => undefined);
  baseline?.kill('SIGTERM');
  await deleteKeycloakUsers(users);
}

const watchdog = setTimeout(() => {
  console.error('bench knee: over 14 minutes, giving up');
  pipeline?.kill();
  baseline?.kill('SIGKILL');
  process.exit(1);
}, 14 * 60_000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    console.error(`bench knee: ${signal}, stopping what it started`);
    pipeline?.kill();
    baseline?.kill('SIGKILL');
    process.exit(130);
  });

try {
  await main();
} catch (error) {
  console.error(`bench knee failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  process.exit(process.exitCode ?? 0);
}
