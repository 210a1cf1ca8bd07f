#!/usr/bin/env node
// tools/colink bench users: Mattermost's supported-users method. Simulated people are added in steps;
// each holds its sockets (web, and a phone for half of them) and acts like a person: after a think
// time (exponential, mean --think-seconds) it reads a channel's history, lists its channels, posts
// (after a typing notice), marks a channel read, looks up a person or presence; presence heartbeats
// every 30 s. New people arrive as a team (a channel of the team, small channels, DMs). After each
// step's ramp the window is measured; the figure is the last step where average request latency
// stayed under 100 ms, p99 under 2 s, errors under 0.025 % and CoLink's CPU under 85 % of the cores.
// Options: --base=27600, --steps=25,50,100,150,200,300,400 (people), --step-seconds=20,
// --think-seconds=5, --dist=dist (another build's output). Bounded: gives up after 14 minutes.
import { join } from 'node:path';
import {
  connectSockets,
  deleteKeycloakUsers,
  fmt,
  generatorLine,
  hardwareLine,
  heartbeats,
  httpClient,
  keycloakUsers,
  meter,
  modelChannels,
  mulberry32,
  parseArgs,
  pct,
  root,
  sleep,
  startPipeline,
  waitForMemberships,
} from './pipeline.mjs';

const args = parseArgs(process.argv);
const BASE = Number(args.base ?? 27600);
const STEPS = (args.steps ?? '25,50,100,150,200,300,400').split(',').map(Number);
const STEP_MS = Number(args['step-seconds'] ?? 20) * 1000;
const THINK_MS = Number(args['think-seconds'] ?? 5) * 1000;
const LIMITS = { avgMs: 100, p99Ms: 2000, errors: 0.00025, cpu: 0.85 };
// What a person does, with its share of actions (reads dominate, as in Mattermost's own mix).
const ACTIONS = [
  ['read history', 0.35],
  ['list channels', 0.15],
  ['post', 0.2],
  ['mark read', 0.15],
  ['look up a person', 0.08],
  ['presence', 0.07],
];

let pipeline;
const users = [];
const sockets = [];
const stops = [];
let running = true;

async function main() {
  console.log(hardwareLine());
  console.log(
    `supported users: steps of ${STEPS.join(', ')} people, ${STEP_MS / 1000} s measured per step, think time ${THINK_MS / 1000} s (exponential); actions ${ACTIONS.map(([a, w]) => `${a} ${fmt(100 * w, 0)} %`).join(', ')}; limits: average > ${LIMITS.avgMs} ms, p99 > ${LIMITS.p99Ms} ms, errors > ${100 * LIMITS.errors} %, CoLink CPU > ${100 * LIMITS.cpu} %\n`,
  );
  pipeline = await startPipeline({ base: BASE, dist: args.dist ? join(root, args.dist) : undefined });
  const client = httpClient(pipeline.gatewayUrl, 512);
  const rng = mulberry32(3);
  let window = null; // the latencies of the measured window, when one is open
  const record = (label, started, reply) => {
    if (!window) return;
    window.latencies.push(performance.now() - started);
    if (reply.status === 0 || reply.status >= 500 || reply.status === 429) {
      window.failures += 1;
      window.failedBy[`${label} ${reply.status}`] = (window.failedBy[`${label} ${reply.status}`] ?? 0) + 1;
    }
  };
  const call = async (label, user, method, path, body) => {
    const started = performance.now();
    const reply = await client.request(method, path, {
      headers: { authorization: `Bearer ${user.token}` },
      body,
    });
    record(label, started, reply);
    return reply;
  };
  const lastSeq = new Map(); // channel id -> last seq seen by a post
  const person = async (user) => {
    const socket = sockets.find((s) => s.user === user)?.socket;
    await sleep(rng() * THINK_MS);
    while (running) {
      const channel = user.channels[Math.floor(rng() * user.channels.length)];
      let r = rng();
      const action = ACTIONS.find(([, w]) => (r -= w) < 0)?.[0] ?? 'read history';
      switch (action) {
        case 'read history':
          await call(action, user, 'GET', `/api/v1/channels/${channel.id}/messages?limit=30`);
          break;
        case 'list channels':
          await call(action, user, 'GET', '/api/v1/channels?scope=joined');
          break;
        case 'post': {
          socket?.emit('typing', { channel_id: channel.id }, () => undefined);
          const reply = await call(action, user, 'POST', `/api/v1/channels/${channel.id}/messages`, {
            content: `a message from a simulated person, with a little **Markdown**`,
          });
          if (reply.status === 201) lastSeq.set(channel.id, reply.body.seq);
          break;
        }
        case 'mark read':
          await call(action, user, 'POST', `/api/v1/channels/${channel.id}/read`, {
            last_read_seq: lastSeq.get(channel.id) ?? 0,
          });
          break;
        case 'look up a person': {
          const other = channel.members[Math.floor(rng() * channel.members.length)];
          await call(action, user, 'GET', `/api/v1/users/${other.sub}`);
          break;
        }
        case 'presence':
          await call(
            action,
            user,
            'GET',
            `/api/v1/presence?user_ids=${channel.members
              .slice(0, 10)
              .map((m) => m.sub)
              .join(',')}`,
          );
          break;
      }
      await sleep(-Math.log(1 - rng()) * THINK_MS);
    }
  };

  const results = [];
  const people = [];
  for (const target of STEPS) {
    // The new people: Keycloak accounts, a team's channels, their sockets, then they start acting.
    const from = users.length;
    await keycloakUsers(target - from, `bench-users-${pipeline.run}`, users);
    const team = users.slice(from);
    const channels = await modelChannels(client, team, `${pipeline.run}-t${from}`);
    for (const user of team) user.channels = channels.filter((c) => c.members.includes(user));
    await waitForMemberships(pipeline, await allChannels(channels));
    const connected = await connectSockets(
      pipeline.wsUrl,
      team,
      (user) => ({ token: user.token }),
      () => undefined,
    );
    sockets.push(...connected);
    stops.push(heartbeats(connected));
    for (const user of team) people.push(person(user));
    await sleep(Math.min(THINK_MS * 2, 10_000)); // ramp: the new people settle into their rhythm
    const m = meter(pipeline.services);
    window = { latencies: [], failures: 0, failedBy: {} };
    await sleep(STEP_MS);
    const measured = window;
    window = null;
    const usage = m.read();
    measured.latencies.sort((a, b) => a - b);
    const n = measured.latencies.length;
    const result = {
      users: target,
      sockets: sockets.length,
      requests: n,
      rate: n / (STEP_MS / 1000),
      avg: n ? measured.latencies.reduce((a, b) => a + b, 0) / n : NaN,
      p50: pct(measured.latencies, 50),
      p99: pct(measured.latencies, 99),
      errors: n ? measured.failures / n : 0,
      failedBy: measured.failedBy,
      cpu: usage.servicesShare,
      usage,
    };
    const over = [];
    if (!(result.avg <= LIMITS.avgMs)) over.push(`average ${fmt(result.avg, 0)} ms`);
    if (!(result.p99 <= LIMITS.p99Ms)) over.push(`p99 ${fmt(result.p99, 0)} ms`);
    if (result.errors > LIMITS.errors) over.push(`errors ${fmt(100 * result.errors, 3)} %`);
    if (result.cpu > LIMITS.cpu) over.push(`CPU ${fmt(100 * result.cpu, 0)} %`);
    result.pass = over.length === 0;
    results.push(result);
    const failed = Object.entries(result.failedBy)
      .map(([k, v]) => `${k} x${v}`)
      .join(', ');
    console.log(
      `${String(target).padStart(4)} people (${result.sockets} sockets): ${fmt(result.rate, 0)} requests/s, average ${fmt(result.avg, 1)} ms, p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 0)} ms, errors ${fmt(100 * result.errors, 3)} %${failed ? ` (${failed})` : ''}, CoLink CPU ${fmt(100 * result.cpu, 0)} % of the cores -> ${result.pass ? 'pass' : `PAST: ${over.join(', ')}`}`,
    );
    console.log(
      `      ${generatorLine(usage)}; % of one core: ${Object.entries(usage.perService)
        .map(([s, c]) => `${s} ${fmt(100 * c, 0)}`)
        .join(' ')}`,
    );
    if (!result.pass) break;
  }
  running = false;
  await Promise.race([Promise.all(people), sleep(THINK_MS * 3)]);
  const passing = results.filter((r) => r.pass);
  const last = results[results.length - 1];
  console.log(
    passing.length
      ? `supported users: ${passing[passing.length - 1].users}` +
          (last.pass
            ? ` (every step passed; the limit is above ${last.users})`
            : ` (past a limit at ${last.users})`)
      : 'supported users: fewer than the first step',
  );
  client.close();
}

/** Every channel created so far (memberships are counted over all of them). */
const created = [];
async function allChannels(channels) {
  created.push(...channels);
  return created;
}

async function cleanup() {
  running = false;
  for (const stop of stops) stop();
  for (const { socket } of sockets) socket.disconnect();
  if (pipeline) await pipeline.stop().catch(() => undefined);
  await deleteKeycloakUsers(users);
}

const watchdog = setTimeout(() => {
  console.error('bench users: over 14 minutes, giving up');
  pipeline?.kill();
  process.exit(1);
}, 14 * 60_000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    console.error(`bench users: ${signal}, stopping what it started`);
    pipeline?.kill();
    process.exit(130);
  });

try {
  await main();
} catch (error) {
  console.error(`bench users failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  process.exit(process.exitCode ?? 0);
}
