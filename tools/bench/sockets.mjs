// The sockets scenario of `tools/colink bench`: send -> delivered latency with N sockets spread across
// two ws-gateway instances, sockets held per GiB of ws-gateway memory, and zero loss (every socket
// gets every message once, in seq order). Baseline, same run, same clients, same send schedule: two
// bare socket.io broadcast servers joined by the Redis adapter (socket-baseline-server.mjs).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const WS_TOPICS = [
  'message.created',
  'message.updated',
  'message.deleted',
  'reaction.added',
  'reaction.removed',
  'channel.updated',
  'channel.member_added',
  'channel.member_removed',
];

/** Resident memory of a process in bytes, from /proc/<pid>/status. */
function rss(pid) {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

/**
 * ctx: { require, kafka, args, sleep, pct, fmt, run, db, schemas, channelsUrl, messagingUrl, call,
 *        startService, ready, seekGroupToEnd, phaseLimitMs, onCleanup, track }
 * Returns the table rows and the baseline line.
 */
export async function benchSockets(ctx) {
  const { require, sleep, pct, fmt, run } = ctx;
  const { io } = require('socket.io-client');
  const SOCKETS = Number(ctx.args.sockets ?? 200);
  const MESSAGES = Number(ctx.args.messages ?? 200);
  const RATE = Number(ctx.args.rate ?? 20); // messages/s, open loop, the same schedule for both phases
  const USERS = Math.min(10, SOCKETS);
  const keycloakUrl = (process.env.KEYCLOAK_URL ?? 'http://localhost:8180').replace(/\/$/, '');
  const realm = process.env.KEYCLOAK_REALM ?? 'colink';

  // ---- Keycloak users, tokens, one channel they all belong to -------------------------------------
  const form = async (url, fields) => {
    const response = await fetch(url, { method: 'POST', body: new URLSearchParams(fields) });
    const body = await response.json();
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  };
  const adminToken = (
    await form(`${keycloakUrl}/realms/master/protocol/openid-connect/token`, {
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
    })
  ).access_token;
  const kcAdmin = (method, path, body) =>
    fetch(`${keycloakUrl}/admin/realms/${realm}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const users = [];
  ctx.onCleanup(async () => {
    for (const user of users) await kcAdmin('DELETE', `/users/${user.sub}`).catch(() => undefined);
  });
  for (let k = 0; k < USERS; k += 1) {
    const username = `bench-${run}-${k}`;
    const password = `bench-${randomUUID()}`;
    const created = await kcAdmin('POST', '/users', {
      username,
      enabled: true,
      email: `${username}@example.test`,
      emailVerified: true,
      firstName: 'Bench',
      lastName: `User ${k}`,
      credentials: [{ type: 'password', value: password, temporary: false }],
    });
    if (created.status !== 201) throw new Error(`Keycloak user creation answered ${created.status}`);
    const sub = created.headers.get('location').split('/').pop();
    users.push({ sub, username });
    const token = await form(`${keycloakUrl}/realms/${realm}/protocol/openid-connect/token`, {
      grant_type: 'password',
      client_id: 'colink-cli',
      username,
      password,
      scope: 'openid',
    });
    users[k].token = token.access_token;
  }
  const [poster, ...others] = users;
  const created = await ctx.call(ctx.channelsUrl, poster, 'POST', '/api/v1/channels', {
    name: `bench-sockets-${run}`,
    is_private: false,
  });
  if (created.status !== 201) throw new Error(`creating the sockets channel answered ${created.status}`);
  const channelId = created.body.id;
  for (const user of others) {
    const joined = await ctx.call(ctx.channelsUrl, user, 'POST', `/api/v1/channels/${channelId}/join`);
    if (joined.status !== 200) throw new Error(`joining the sockets channel answered ${joined.status}`);
  }
  const learnedBy = Date.now() + 30_000;
  for (;;) {
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS n FROM "${ctx.schemas.messaging}".members WHERE channel_id = $1`,
      [channelId],
    );
    if (rows[0].n >= USERS) break;
    if (Date.now() > learnedBy) throw new Error('messaging did not learn of the sockets channel members');
    await sleep(100);
  }

  // ---- one phase: connect N sockets across two servers, send on a schedule, count deliveries -------
  const content = (i) => `a benchmark message with a little **Markdown** and no mentions #${i}`;
  async function phase({ name, urls, pids, send }) {
    const sockets = [];
    // Prime each server with one handshake per user (JWKS, JIT, HTTP agents), so the RSS growth read
    // below is what the N sockets hold rather than the servers' first-use growth.
    for (const url of urls)
      for (const user of users) {
        const socket = io(url, {
          path: '/socket.io',
          transports: ['websocket'],
          auth: { token: user.token },
          reconnection: false,
          forceNew: true,
          timeout: 10_000,
        });
        await new Promise((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', (error) => reject(new Error(`${name} priming: ${error.message}`)));
        }).finally(() => socket.disconnect());
      }
    await sleep(1_000);
    const rssBefore = pids.reduce((sum, pid) => sum + rss(pid), 0);
    const limit = Date.now() + ctx.phaseLimitMs;
    let next = 0;
    const connectOne = async (s) => {
      const socket = io(urls[s % urls.length], {
        path: '/socket.io',
        transports: ['websocket'],
        auth: { token: users[s % USERS].token },
        reconnection: false,
        forceNew: true,
        timeout: 10_000,
      });
      const state = { socket, seen: new Map(), lastSeq: -Infinity, outOfOrder: 0, duplicates: 0, warm: 0 };
      sockets.push(state);
      socket.on('message.created', (envelope) => {
        const at = performance.now();
        if (envelope.channel_id !== channelId) return;
        const match = /#(-?\d+)$/.exec(envelope.data?.content ?? '');
        if (!match) return;
        const i = Number(match[1]);
        if (i < 0) return void (state.warm += 1);
        if (state.seen.has(i)) state.duplicates += 1;
        else state.seen.set(i, at);
        if (!(envelope.seq > state.lastSeq)) state.outOfOrder += 1;
        state.lastSeq = envelope.seq;
      });
      await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', (error) => reject(new Error(`${name} socket ${s}: ${error.message}`)));
      });
    };
    const connectWorker = async () => {
      while (next < SOCKETS) {
        if (Date.now() > limit) throw new Error(`${name}: sockets not connected within the phase limit`);
        await connectOne(next++);
      }
    };
    try {
      const connectStarted = performance.now();
      await Promise.all(Array.from({ length: 20 }, connectWorker));
      const connectMs = performance.now() - connectStarted;
      await sleep(2_000); // let the servers settle before reading their memory
      const rssAfter = pids.reduce((sum, pid) => sum + rss(pid), 0);

      // Warm up: until one message reaches every socket (both instances consume and emit).
      for (let w = 1; ; w += 1) {
        await send(-w);
        const until = Date.now() + 1_000;
        while (sockets.some((s) => s.warm === 0) && Date.now() < until) await sleep(20);
        if (sockets.every((s) => s.warm > 0)) break;
        if (Date.now() > limit) throw new Error(`${name}: warm-up message never reached every socket`);
      }
      for (const s of sockets) s.lastSeq = -Infinity; // warm-up seqs do not count toward order

      // Send MESSAGES at RATE/s (open loop), time each from the moment its POST is issued.
      const sentAt = new Map();
      const accepted = new Set();
      let failures = 0;
      const sends = [];
      const started = performance.now();
      for (let i = 0; i < MESSAGES; i += 1) {
        const due = started + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        if (Date.now() > limit) break;
        sentAt.set(i, performance.now());
        sends.push(
          send(i).then(
            (ok) => (ok ? accepted.add(i) : (failures += 1)),
            () => (failures += 1),
          ),
        );
      }
      await Promise.all(sends);
      const drainUntil = Date.now() + Math.max(5_000, limit - Date.now());
      const complete = () => sockets.every((s) => [...accepted].every((i) => s.seen.has(i)));
      while (!complete() && Date.now() < drainUntil) await sleep(50);

      const latencies = [];
      let delivered = 0;
      let missing = 0;
      let extra = 0;
      for (const s of sockets) {
        for (const i of accepted) {
          const at = s.seen.get(i);
          if (at === undefined) missing += 1;
          else latencies.push(at - sentAt.get(i));
        }
        for (const i of s.seen.keys()) if (!accepted.has(i)) extra += 1;
        delivered += s.seen.size;
      }
      latencies.sort((a, b) => a - b);
      if (ctx.args.verbose) {
        for (const k of [0, 1]) {
          const mine = sockets.filter((_, s) => s % 2 === k);
          const perMsg = [...accepted]
            .sort((a, b) => a - b)
            .map((i) => Math.max(...mine.map((s) => (s.seen.get(i) ?? NaN) - sentAt.get(i))));
          const gaps = [...accepted].filter((i) => mine.some((s) => !s.seen.has(i)));
          console.error(
            `${name} instance ${k}: ${mine.filter((s) => s.seen.size < accepted.size).length} sockets short, messages missed somewhere: ${gaps.join(' ')}; disconnected: ${mine.filter((s) => !s.socket.connected).length}`,
          );
          console.error(
            `${name} instance ${k} max latency per message: ${perMsg.map((v) => v.toFixed(0)).join(' ')}`,
          );
        }
      }
      return {
        sent: sentAt.size,
        accepted: accepted.size,
        failures,
        delivered,
        expected: accepted.size * sockets.length,
        missing,
        extra,
        duplicates: sockets.reduce((n, s) => n + s.duplicates, 0),
        outOfOrder: sockets.reduce((n, s) => n + s.outOfOrder, 0),
        p50: pct(latencies, 50),
        p99: pct(latencies, 99),
        connectMs,
        rssBefore,
        rssAfter,
        perGiB: rssAfter > rssBefore ? SOCKETS / ((rssAfter - rssBefore) / 2 ** 30) : NaN,
      };
    } finally {
      for (const s of sockets) s.socket.disconnect();
    }
  }

  const postJson = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.text();
    return response.status === 201;
  };

  // ---- baseline: two bare socket.io servers with the Redis adapter, POST to the first --------------
  const children = [];
  const baselineUrls = [ctx.base + 91, ctx.base + 92].map((port) => {
    const child = spawn(process.execPath, [join(here, 'socket-baseline-server.mjs')], {
      env: {
        ...process.env,
        PORT: String(port),
        BASELINE_CHANNEL: channelId,
        BASELINE_REDIS_KEY: `colink-bench-${run}`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    children.push(child);
    ctx.track(child); // stopped by run.mjs, even on failure
    return { url: `http://127.0.0.1:${port}`, child, stderr: () => stderr };
  });
  await Promise.all(baselineUrls.map((server, k) => ctx.ready(server, `baseline socket.io ${k}`)));
  const bare = await phase({
    name: 'baseline',
    urls: baselineUrls.map((server) => server.url),
    pids: children.map((child) => child.pid),
    send: (i) => postJson(`${baselineUrls[0].url}/send`, { content: content(i), author_id: poster.sub }),
  });
  for (const child of children) child.kill('SIGTERM');

  // ---- ours: two ws-gateway instances, POST through messaging -> outbox -> Kafka -> sockets --------
  const instances = [0, 1].map((k) => `bench-${run}-${k}`);
  for (const id of instances) await ctx.seekGroupToEnd(`colink-ws-gateway-${id}`, WS_TOPICS);
  ctx.onCleanup(async () => {
    const admin = ctx.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups(instances.map((id) => `colink-ws-gateway-${id}`)))
      .catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  });
  const gateways = instances.map((id, k) =>
    ctx.startService('ws-gateway', ctx.base + 81 + k, {
      INSTANCE_ID: id,
      CHANNELS_URL: ctx.channelsUrl,
      MESSAGING_URL: ctx.messagingUrl,
    }),
  );
  await Promise.all(gateways.map((gateway, k) => ctx.ready(gateway, `ws-gateway ${k}`)));
  const ours = await phase({
    name: 'ws-gateway',
    urls: gateways.map((gateway) => gateway.url),
    pids: gateways.map((gateway) => gateway.child.pid),
    send: async (i) =>
      (
        await ctx.call(ctx.messagingUrl, poster, 'POST', `/api/v1/channels/${channelId}/messages`, {
          content: content(i),
        })
      ).status === 201,
  });

  // ---- rows ---------------------------------------------------------------------------------------
  const loss = (r) =>
    `${r.delivered}/${r.expected} delivered, ${r.missing} missing, ${r.duplicates} dup, ${r.outOfOrder} out of order`;
  const rows = [
    {
      what: `send->delivered p50, ${SOCKETS} sockets`,
      value: ours.p50,
      unit: 'ms',
      baseline: bare.p50,
      baseUnit: 'ms bare socket.io',
      note: `${ours.accepted}/${ours.sent} posts accepted at ${RATE}/s`,
    },
    {
      what: `send->delivered p99, ${SOCKETS} sockets`,
      value: ours.p99,
      unit: 'ms',
      baseline: bare.p99,
      baseUnit: 'ms bare socket.io',
      note: loss(ours),
    },
    {
      what: 'sockets per GiB of RSS',
      value: ours.perGiB,
      unit: '/GiB',
      baseline: bare.perGiB,
      baseUnit: '/GiB bare socket.io',
      note: `+${fmt((ours.rssAfter - ours.rssBefore) / 2 ** 20)} MiB over ${fmt(ours.rssBefore / 2 ** 20)} MiB (2 instances)`,
    },
  ];
  const summary =
    `sockets baseline: 2 bare socket.io servers + Redis adapter, ${SOCKETS} sockets, ` +
    `${bare.accepted}/${bare.sent} sends, ${loss(bare)}; p50 ${fmt(bare.p50)} ms, p99 ${fmt(bare.p99)} ms, ` +
    `+${fmt((bare.rssAfter - bare.rssBefore) / 2 ** 20)} MiB over ${fmt(bare.rssBefore / 2 ** 20)} MiB; ` +
    `connect ${fmt(bare.connectMs, 0)} ms (ws-gateway ${fmt(ours.connectMs, 0)} ms)`;
  const lost =
    ours.missing + ours.duplicates + ours.outOfOrder + ours.extra + ours.failures > 0 ||
    ours.accepted < MESSAGES;
  return { rows, summary, lost };
}
