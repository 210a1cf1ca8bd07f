#!/usr/bin/env node
// tools/colink bench sockets-storm: a reconnect storm. Instance 0 of two ws-gateway instances holds
// every socket (--users x --sockets-per-user: each user's web and phone sockets and open tabs) while
// messages flow at --rate/s into the users' channels; after --before seconds instance 0 is killed
// (--signal=SIGKILL, or SIGTERM) and started again. Every client reconnects as the web app does (after
// 0.5-1.5 s, to the instance that answers: the other one first, as a load balancer would send it,
// backing off to 5 s), then `sync`s once from the last rev it applied in order in each channel; a
// sync refused or unanswered (10 s) reads those channels' change feed by REST instead, as the web app
// re-reads its pages. Reported: time from the kill until 99 % (and all) of the sockets are back, and
// back and caught up; messages missed at the end (must be 0: every socket has every accepted message
// of its channels, live, through sync or by REST). Baseline of the same run: two bare socket.io servers with the
// Redis adapter, the one holding the sockets killed the same way; the bare server has no resume, so
// its figure is the reconnect time alone (its missed messages are what a client without sync loses).
// Options: --users=200 --sockets-per-user=5 --channels=20 (each user in 2) --rate=20 --before=10
// --after=25 --signal=SIGKILL --base=27100. Bounded: 10 minutes.
import { randomInt } from 'node:crypto';
import {
  Lab,
  args,
  fmt,
  generatorMeter,
  hardwareLine,
  openSocket,
  pct,
  pool,
  processCpuS,
  sleep,
} from './socket-lab.mjs';

const USERS = Number(args.users ?? 200);
const PER_USER = Number(args['sockets-per-user'] ?? 5);
const CHANNELS = Number(args.channels ?? 20);
const RATE = Number(args.rate ?? 20);
const BEFORE_MS = Number(args.before ?? 10) * 1000;
const AFTER_MS = Number(args.after ?? 25) * 1000;
const SIGNAL = args.signal ?? 'SIGKILL';

await Lab.main('sockets-storm', { base: Number(args.base ?? 27100), minutes: 10 }, async (lab) => {
  Lab.ensureBuilt(['channels', 'messaging', 'presence', 'ws-gateway']);
  console.log(hardwareLine());
  console.log(
    `sockets-storm: ${USERS * PER_USER} sockets (${USERS} users x ${PER_USER}) on instance 0 of 2, ${CHANNELS} channels (each user in 2), ${RATE} messages/s; ` +
      `instance 0 ${SIGNAL} after ${BEFORE_MS / 1000} s and started again, sends go on ${AFTER_MS / 1000} s more\n`,
  );
  await lab.startPlatform();
  const users = await lab.users(USERS);
  const channelsOf = (u) => [...new Set([u.k % CHANNELS, (u.k * 7 + 3) % CHANNELS])];
  const lists = Array.from({ length: CHANNELS }, (_, c) => users.filter((u) => channelsOf(u).includes(c)));
  const ids = await lab.channelsWith(lists);
  for (const u of users) u.channels = channelsOf(u).map((c) => ids[c]);
  const members = new Map(ids.map((id, c) => [id, lists[c]]));

  async function phase(name, { urls, auth, send, kill, restart, syncs, restChanges }) {
    const meter = generatorMeter();
    const sockets = [];
    let t0 = performance.now();
    const now = () => performance.now() - t0;
    let killedAt = Infinity;
    const connectErrors = new Set();
    const attach = (state, socket) => {
      state.socket = socket;
      // The cursor of a channel is its last rev applied in order, as the web app keeps it: one that
      // arrives ahead (after a gap) waits in `ahead` until the gap is filled, live or by sync.
      const onEnvelope = (envelope) => {
        const { rev, channel_id: channel } = envelope;
        if (typeof rev === 'number' && channel) {
          const last = state.rev.get(channel);
          if (last === undefined) state.rev.set(channel, rev);
          else if (rev > last) {
            const ahead = state.ahead.get(channel) ?? new Set();
            ahead.add(rev);
            state.ahead.set(channel, ahead);
            let next = last;
            while (ahead.delete(next + 1)) next += 1;
            state.rev.set(channel, next);
          }
        }
        const match = /#(-?\d+)$/.exec(envelope.data?.content ?? '');
        if (match && !state.seen.has(Number(match[1]))) state.seen.set(Number(match[1]), now());
      };
      socket.on('message.created', onEnvelope);
      socket.once('disconnect', () => {
        if (state.closing) return;
        state.away = now();
        state.back = undefined;
        state.caughtUp = undefined;
        void reconnect(state, 0);
      });
      state.onEnvelope = onEnvelope;
    };
    const reconnect = async (state, attempt) => {
      await sleep(
        attempt === 0
          ? 500 + Math.random() * 1000
          : Math.min(5_000, 500 * 2 ** attempt) * (0.5 + Math.random()),
      );
      if (state.closing) return;
      const url = urls[(1 + attempt) % urls.length];
      let socket;
      try {
        socket = await openSocket(url, auth(state.user), { onSetup: (s) => attach(state, s) });
      } catch (error) {
        if (!connectErrors.has(error.message))
          console.error(`${name}: ${error.message} (${fmt(now() - killedAt)} ms after the ${SIGNAL})`);
        connectErrors.add(error.message);
        return reconnect(state, attempt + 1);
      }
      state.back = now();
      state.reconnects += 1;
      if (!syncs) return void (state.caughtUp = state.back);
      // One sync, as the web app does; refused or unanswered, the channels are read by REST instead
      // (the web app re-reads its pages; the bench reads the change feed after the same rev).
      const cursors = Object.fromEntries(state.user.channels.map((id) => [id, state.rev.get(id) ?? 0]));
      const answer = await socket
        .timeout(10_000)
        .emitWithAck('sync', { cursors })
        .catch(() => null);
      const fallback = [];
      if (answer?.ok) {
        for (const [id, c] of Object.entries(answer.channels)) {
          if ('error' in c || c.truncated) fallback.push(id);
          if ('events' in c) for (const envelope of c.events) state.onEnvelope(envelope);
        }
      } else {
        state.syncRefusals += 1;
        fallback.push(...state.user.channels);
      }
      for (const id of fallback) {
        if (!restChanges) break;
        state.restReads += 1;
        for (let after = state.rev.get(id) ?? 0, deadline = Date.now() + 60_000; Date.now() < deadline;) {
          const page = await restChanges(state.user, id, after).catch(() => null);
          if (!page) {
            await sleep(1_000);
            continue;
          }
          for (const envelope of page.items) state.onEnvelope(envelope);
          if (page.items.length === 0 || !page.next_cursor) break;
          after = page.items.at(-1).rev;
        }
      }
      state.caughtUp = now();
    };

    const plan = users.flatMap((user) => Array.from({ length: PER_USER }, () => user));
    const openStarted = performance.now();
    await pool(plan.length, 20, async (i) => {
      const state = {
        user: plan[i],
        seen: new Map(),
        rev: new Map(),
        ahead: new Map(),
        reconnects: 0,
        syncRefusals: 0,
        restReads: 0,
      };
      await openSocket(urls[0], auth(plan[i]), { onSetup: (s) => attach(state, s) });
      sockets.push(state);
    });
    const connectS = (performance.now() - openStarted) / 1000;
    // Warm-up: one message per channel reaches its members (and gives every socket its first rev).
    for (let w = 1; ; w += 1) {
      await Promise.all(ids.map((id) => send(id, members.get(id)[0], -w)));
      await sleep(1_000);
      if (sockets.every((s) => s.user.channels.every((id) => s.rev.has(id)) || !syncs)) break;
      if (w > 20) throw new Error(`${name}: warm-up never reached every socket`);
    }

    const accepted = new Map(); // message index -> channel id
    let failures = 0;
    const sends = [];
    meter.reset();
    t0 = performance.now();
    let restarted;
    for (let i = 0; ; i += 1) {
      const due = (i * 1000) / RATE;
      if (due > BEFORE_MS + AFTER_MS) break;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      if (killedAt === Infinity && now() >= BEFORE_MS) {
        killedAt = now();
        kill();
        restarted = restart();
      }
      const id = ids[randomInt(ids.length)];
      const list = members.get(id);
      sends.push(
        send(id, list[randomInt(list.length)], i).then(
          (ok) => (ok ? accepted.set(i, id) : (failures += 1)),
          () => (failures += 1),
        ),
      );
    }
    await Promise.all(sends);
    await restarted;
    const missingNow = () => {
      let missing = 0;
      for (const s of sockets)
        for (const [i, id] of accepted) if (s.user.channels.includes(id) && !s.seen.has(i)) missing += 1;
      return missing;
    };
    const drainUntil = Date.now() + 20_000;
    while ((missingNow() > 0 || sockets.some((s) => s.caughtUp === undefined)) && Date.now() < drainUntil)
      await sleep(200);
    const generator = meter.read();
    const hit = sockets.filter((s) => s.away !== undefined);
    const back = hit.map((s) => (s.back ?? Infinity) - killedAt).sort((a, b) => a - b);
    const caught = hit.map((s) => (s.caughtUp ?? Infinity) - killedAt).sort((a, b) => a - b);
    const result = {
      sockets: sockets.length,
      hit: hit.length,
      connectS,
      back99: pct(back, 99),
      backAll: back.at(-1),
      caught99: pct(caught, 99),
      caughtAll: caught.at(-1),
      caught50: pct(caught, 50),
      missing: missingNow(),
      accepted: accepted.size,
      failures,
      reconnects: sockets.reduce((n, s) => n + s.reconnects, 0),
      syncRefusals: sockets.reduce((n, s) => n + s.syncRefusals, 0),
      restReads: sockets.reduce((n, s) => n + s.restReads, 0),
      generator,
    };
    console.log(
      `${name}: ${result.sockets} sockets connected in ${fmt(connectS)} s; ${result.hit} cut by the ${SIGNAL}, ${result.reconnects} reconnects; back: 99 % after ${fmt(result.back99 / 1000, 2)} s, all after ${fmt(result.backAll / 1000, 2)} s; ` +
        `back and caught up: 50 % ${fmt(result.caught50 / 1000, 2)} s, 99 % ${fmt(result.caught99 / 1000, 2)} s, all ${fmt(result.caughtAll / 1000, 2)} s; ${result.syncRefusals} syncs refused or unanswered, ${result.restReads} channels read by REST instead; ` +
        `${result.accepted} messages accepted (${failures} failed), ${result.missing} socket-messages missed at the end`,
    );
    console.log(
      `${name}: generator ${fmt(generator.cpuS)} s CPU (${fmt(generator.share * 100, 0)} % of one core), event-loop lag p99 ${fmt(generator.lagP99)} ms, max ${fmt(generator.lagMax)} ms`,
    );
    for (const s of sockets) {
      s.closing = true;
      s.socket?.close();
    }
    await sleep(500);
    return result;
  }

  // ---- baseline: two bare socket.io servers, server 0 killed and started again -------------------
  const roomsOf = (u) => [`user:${u.sub}`, ...u.channels.map((id) => `channel:${id}`)];
  const bares = [lab.startBaseline(0), lab.startBaseline(1)];
  await Promise.all(bares.map((b) => lab.ready(b)));
  const postJson = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.text();
    return response.status === 201;
  };
  const content = (i) => `a benchmark message with a little **Markdown** and no mentions #${i}`;
  const bare = await phase('bare socket.io', {
    urls: bares.map((b) => b.url),
    auth: (u) => ({ rooms: roomsOf(u) }),
    send: (id, author, i) =>
      postJson(`${bares[1].url}/send`, { channel_id: id, author_id: author.sub, content: content(i) }),
    kill: () => bares[0].child.kill(SIGNAL),
    restart: async () => {
      await new Promise((resolve) =>
        bares[0].child.exitCode !== null ? resolve() : bares[0].child.once('exit', resolve),
      );
      bares[0] = lab.startBaseline(0);
      await lab.ready(bares[0]);
    },
    syncs: false,
  });
  for (const b of bares) b.child.kill('SIGTERM');

  // ---- ours: two ws-gateway instances, instance 0 killed and started again (same INSTANCE_ID) ----
  const gateways = [await lab.startGateway(0), await lab.startGateway(1)];
  await Promise.all(gateways.map((g) => lab.ready(g)));
  let restartS = NaN;
  const ours = await phase('ws-gateway', {
    urls: gateways.map((g) => g.url),
    auth: (u) => ({ token: u.token }),
    send: async (id, author, i) =>
      (
        await lab.call(lab.messaging.url, author, 'POST', `/api/v1/channels/${id}/messages`, {
          content: content(i),
        })
      ).status === 201,
    kill: () => gateways[0].child.kill(SIGNAL),
    restart: async () => {
      await new Promise((resolve) =>
        gateways[0].child.exitCode !== null || gateways[0].child.signalCode !== null
          ? resolve()
          : gateways[0].child.once('exit', resolve),
      );
      const started = performance.now();
      gateways[0] = lab.startService('ws-gateway', lab.base + 81, {
        INSTANCE_ID: `bench-${lab.run}-0`,
        KAFKA_BROKERS: lab.brokers.join(','),
        CHANNELS_URL: lab.channels.url,
        MESSAGING_URL: lab.messaging.url,
        PRESENCE_URL: lab.presence.url,
      });
      await lab.ready(gateways[0]);
      restartS = (performance.now() - started) / 1000;
    },
    syncs: true,
    restChanges: async (user, id, after) => {
      const reply = await lab.call(
        lab.messaging.url,
        user,
        'GET',
        `/api/v1/channels/${id}/changes?after_rev=${after}&limit=500`,
      );
      return reply.status === 200 ? reply.body : null;
    },
  });
  const cpu = gateways.map((g) => processCpuS(g.child.pid));

  const row = (what, o, b, unit, note = '') => ({
    what,
    'ws-gateway': `${fmt(o)} ${unit}`,
    'bare socket.io': `${fmt(b)} ${unit}`,
    ratio: fmt(o / b, 2),
    note,
  });
  console.table([
    row('99 % back (reconnected)', ours.back99 / 1000, bare.back99 / 1000, 's'),
    row('all back', ours.backAll / 1000, bare.backAll / 1000, 's'),
    row(
      '99 % back and caught up (sync answered)',
      ours.caught99 / 1000,
      bare.caught99 / 1000,
      's',
      'bare: no sync',
    ),
    row('all back and caught up', ours.caughtAll / 1000, bare.caughtAll / 1000, 's'),
    row(
      'socket-messages missed',
      ours.missing,
      bare.missing,
      '',
      ours.missing === 0 ? 'target 0: met' : 'target 0: missed',
    ),
  ]);
  console.log(
    `restarted instance 0 ready ${fmt(restartS)} s after its ${SIGNAL}; ws-gateway CPU over the run: ${cpu.map((c) => fmt(c)).join(' + ')} s`,
  );
  if (ours.missing > 0 || ours.failures > 0) process.exitCode = 1;
});
