#!/usr/bin/env node
// tools/colink bench lag: how far behind the writes each derived view runs. Starts users, channels,
// messaging, presence, search, a ws-gateway and the gateway from dist (ports --base+1.., default
// 28200), each consumer under a consumer group of its own seeked to the end of every topic and on
// schemas and indices of its own, so only this run's events are counted. Drives a steady mix of writes
// through the gateway as signed-in Keycloak users (posts, reactions, DMs, joins by new people), then
// reads colink_projection_lag_seconds (event occurred -> effects committed by the consumer) from every
// consumer's /metrics and prints p50/p99 per consumer group and topic. Bounded: --seconds (60) of
// writes at --rate (10/s), a watchdog ends everything after --seconds + 240 s; all it made is removed.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seekGroupToEnd } from './kafka-groups.mjs';

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
const SECONDS = Number(args.seconds ?? 60);
const RATE = Number(args.rate ?? 10);
const BASE = Number(args.base ?? 28200);
const KEYCLOAK = process.env.KEYCLOAK_URL ?? 'http://localhost:8180';
const REALM = process.env.KEYCLOAK_REALM ?? 'colink';
const BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://colink:colink@localhost:5432/colink';
const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? 'http://localhost:9200';
const run = randomUUID().slice(0, 8);
const secret = `bench-${randomUUID()}`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line) => process.stdout.write(`bench lag: ${line}\n`);

const watchdog = setTimeout(
  () => {
    say('watchdog: the run took too long, stopping');
    stopAll().finally(() => process.exit(1));
  },
  (SECONDS + 240) * 1000,
);
watchdog.unref();

// ---- the platform, on its own groups, schemas and indices -----------------------------------------
const name = (app) => `lag-${app}-${run}`;
const schema = (app) => `bench_lag_${app}_${run}`;
const ports = { users: 1, channels: 2, messaging: 3, presence: 4, search: 6, gateway: 80, 'ws-gateway': 81 };
const url = (app) => `http://127.0.0.1:${BASE + ports[app]}`;
const urls = {
  USERS_URL: url('users'),
  CHANNELS_URL: url('channels'),
  MESSAGING_URL: url('messaging'),
  PRESENCE_URL: url('presence'),
  SEARCH_URL: url('search'),
  WS_GATEWAY_URL: url('ws-gateway'),
};
const own = {
  users: { DATABASE_SCHEMA: schema('users') },
  channels: { DATABASE_SCHEMA: schema('channels'), SERVICE_NAME: name('channels') },
  messaging: { DATABASE_SCHEMA: schema('messaging'), SERVICE_NAME: name('messaging') },
  presence: {},
  search: { SERVICE_NAME: name('search'), SEARCH_INDEX_PREFIX: `colink-lag-${run}` },
  'ws-gateway': { INSTANCE_ID: `lag-${run}` },
  gateway: {},
};
const processes = [];
function start(app) {
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js')], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      INTERNAL_AUTH_SECRET: secret,
      ...urls,
      ...own[app],
      PORT: String(BASE + ports[app]),
      METRICS_PORT: String(BASE + 500 + ports[app]),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  processes.push({ app, child, stderr: () => stderr });
}
async function ready({ app, child, stderr }) {
  for (const deadline = Date.now() + 180_000; ;) {
    if (child.exitCode !== null) throw new Error(`${app} exited: ${stderr()}`);
    const ok = await fetch(`${url(app)}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${app} not ready after 180 s`);
    await sleep(300);
  }
}

const kafka = new Kafka({ clientId: `bench-lag-${run}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const groups = ['channels', 'messaging', 'search'].map((app) => `colink-${name(app)}`);

async function stopAll() {
  await Promise.all(
    processes.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

async function cleanUp() {
  await admin.deleteGroups(groups).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  for (const app of ['users', 'channels', 'messaging'])
    await db.query(`DROP SCHEMA IF EXISTS ${schema(app)} CASCADE`);
  await db.end();
  await fetch(`${OPENSEARCH_URL}/colink-lag-${run}-*`, { method: 'DELETE' }).catch(() => undefined);
  await Promise.all(people.map((person) => keycloakAdmin('DELETE', `/users/${person.id}`)));
}

// ---- people, as Keycloak users with real tokens ------------------------------------------------------
async function form(path, fields) {
  const response = await fetch(`${KEYCLOAK}${path}`, { method: 'POST', body: new URLSearchParams(fields) });
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}
let adminToken = { value: '', until: 0 };
async function keycloakAdmin(method, path, body) {
  // The master realm's admin tokens live a minute: a new one well before that.
  if (Date.now() > adminToken.until) {
    const { access_token: value } = await form('/realms/master/protocol/openid-connect/token', {
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
    });
    adminToken = { value, until: Date.now() + 30_000 };
  }
  return fetch(`${KEYCLOAK}/admin/realms/${REALM}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken.value}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const people = [];
async function person() {
  const username = `lag-${run}-${people.length}`;
  const created = await keycloakAdmin('POST', '/users', {
    username,
    enabled: true,
    email: `${username}@example.test`,
    emailVerified: true,
    firstName: 'Lag',
    lastName: `Person ${people.length}`,
    credentials: [{ type: 'password', value: 'bench-password-1', temporary: false }],
  });
  if (created.status !== 201) throw new Error(`keycloak user: ${created.status}`);
  const id = created.headers.get('location').split('/').pop();
  const { access_token: token } = await form(`/realms/${REALM}/protocol/openid-connect/token`, {
    grant_type: 'password',
    client_id: 'colink-cli',
    username,
    password: 'bench-password-1',
    scope: 'openid',
  });
  const created_person = { id, token };
  people.push(created_person);
  // The first call through the gateway signs the person up (users emits user.created).
  const me = await call(created_person, 'GET', '/api/v1/users/me');
  if (me.status !== 200) throw new Error(`users/me: ${me.status}`);
  created_person.userId = me.body.id;
  return created_person;
}
async function call(who, method, path, body) {
  const response = await fetch(`${url('gateway')}${path}`, {
    method,
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

// ---- reading the lag histograms ---------------------------------------------------------------------
/** The q-quantile of a cumulative Prometheus histogram, interpolated inside its bucket. */
function quantile(buckets, q) {
  const total = buckets.at(-1)[1];
  if (!total) return NaN;
  const target = q * total;
  let [lowerLe, lowerCount] = [0, 0];
  for (const [le, count] of buckets) {
    if (count >= target) {
      if (le === Infinity) return lowerLe;
      return lowerLe + (le - lowerLe) * ((target - lowerCount) / Math.max(1, count - lowerCount));
    }
    [lowerLe, lowerCount] = [le, count];
  }
  return NaN;
}
/**
 * The lag histograms of one service: colink_projection_lag_seconds by topic for the consumers that
 * commit their effects as they consume; for search, colink_search_index_lag_seconds by index (its
 * consumer only buffers: an event's effects are committed when its bulk is written).
 */
async function lagHistograms(app) {
  const [metric, label] =
    app === 'search'
      ? ['colink_search_index_lag_seconds', 'index']
      : ['colink_projection_lag_seconds', 'topic'];
  const text = await (await fetch(`http://127.0.0.1:${BASE + 500 + ports[app]}/metrics`)).text();
  const series = new Map();
  for (const line of text.split('\n')) {
    const match = line.match(new RegExp(`^${metric}_bucket\\{(.*)\\} (\\S+)$`));
    if (!match) continue;
    const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
    const name = label === 'index' ? `${labels.index} index` : labels.topic;
    for (const key of [name, label === 'index' ? '(all indices)' : '(all topics)']) {
      const buckets = series.get(key) ?? new Map();
      buckets.set(le, (buckets.get(le) ?? 0) + Number(match[2]));
      series.set(key, buckets);
    }
  }
  return [...series].map(([topic, buckets]) => {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    return { app, topic, events: sorted.at(-1)[1], p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
  });
}

// ---- the run -----------------------------------------------------------------------------------------
async function main() {
  const cpu = os.cpus();
  say(
    `${cpu.length} CPUs (${cpu[0]?.model ?? 'unknown'}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, Node ${process.version}`,
  );
  await admin.connect();
  // Each group starts at the end of every topic: this run's events only, not the topics' history.
  await Promise.all(groups.map((group) => seekGroupToEnd(kafka, group)));
  say('consumer groups at the end of every topic');
  for (const app of Object.keys(ports)) start(app);
  await Promise.all(processes.map(ready));
  say('platform ready');

  const team = [];
  for (let i = 0; i < 6; i += 1) team.push(await person());
  const channels = [];
  for (let i = 0; i < 3; i += 1) {
    const created = await call(team[0], 'POST', '/api/v1/channels', {
      name: `lag-${run}-${i}`,
      is_private: false,
    });
    if (created.status !== 201)
      throw new Error(`create channel: ${created.status} ${JSON.stringify(created.body)}`);
    channels.push(created.body.id);
  }
  for (const member of team.slice(1))
    for (const channel of channels) await call(member, 'POST', `/api/v1/channels/${channel}/join`);
  const dm = await call(team[1], 'POST', '/api/v1/dms', { user_ids: [team[2].userId] });
  if (dm.status >= 300) throw new Error(`open DM: ${dm.status} ${JSON.stringify(dm.body)}`);
  const rooms = [...channels, dm.body.id];

  say(
    `writing for ${SECONDS} s at ${RATE}/s: 60 % posts, 25 % reactions, 10 % DM posts, 5 % a new person joins`,
  );
  const posted = [];
  const counts = { writes: 0, refused: 0 };
  const startedAt = Date.now();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; Date.now() < startedAt + SECONDS * 1000; i += 1) {
    // Open model: each write has its intended time; a slow answer does not lower the rate.
    const due = startedAt + (i * 1000) / RATE;
    await sleep(Math.max(0, due - Date.now()));
    const author = team[i % team.length];
    const kind = i % 20;
    let answer;
    if (kind === 0) {
      const newcomer = await person();
      answer = await call(newcomer, 'POST', `/api/v1/channels/${channels[i % channels.length]}/join`);
    } else if (kind <= 2) {
      answer = await call(team[1 + (i % 2)], 'POST', `/api/v1/channels/${rooms[3]}/messages`, {
        content: `direct ${i}: are we still on for the rollout review?`,
      });
    } else if (kind <= 7 && posted.length > 0) {
      const target = posted[posted.length - 1 - (i % Math.min(posted.length, 20))];
      answer = await call(author, 'PUT', `/api/v1/messages/${target}/reactions/thumbsup`);
    } else {
      answer = await call(author, 'POST', `/api/v1/channels/${channels[i % channels.length]}/messages`, {
        content: `update ${i}: the canary deployment passed on staging, @${author.userId.slice(0, 4)} please review`,
      });
      if (answer.status === 201) posted.push(answer.body.id);
    }
    counts.writes += 1;
    if (answer.status >= 300) {
      counts.refused += 1;
      say(
        `refused: write ${i} (kind ${kind}) answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
      );
    }
  }
  const generatorCpu = process.cpuUsage(cpuBefore);
  say(
    `${counts.writes} writes in ${((Date.now() - startedAt) / 1000).toFixed(1)} s, ${counts.refused} refused; ` +
      `the generator used ${((generatorCpu.user + generatorCpu.system) / 1e6).toFixed(1)} s of CPU`,
  );
  await sleep(5000); // the last events reach every consumer

  const rows = (
    await Promise.all(['channels', 'messaging', 'search', 'ws-gateway'].map(lagHistograms))
  ).flat();
  const ms = (s) => (Number.isNaN(s) ? '-' : `${Math.round(s * 1000)} ms`);
  console.log('');
  console.log('| consumer | topic | events | lag p50 | lag p99 |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const row of rows.sort((a, b) => a.app.localeCompare(b.app) || a.topic.localeCompare(b.topic)))
    console.log(`| ${row.app} | ${row.topic} | ${row.events} | ${ms(row.p50)} | ${ms(row.p99)} |`);
  console.log('');
  say(
    'lag = from the event occurring at its producer to its effects committed by the consumer; percentiles ' +
      'are interpolated inside the histogram buckets (5, 10, 25, 50, 100, 250, 500 ms, 1, 2.5, 5 s ...); ' +
      "search's is to the bulk write, and a document is searchable within the index's 1 s refresh after it",
  );
  say(
    `load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (counts.refused > 0) process.exitCode = 1;
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    await cleanUp().catch((error) => console.error(`clean-up: ${error.message}`));
    clearTimeout(watchdog);
    process.exit();
  });
