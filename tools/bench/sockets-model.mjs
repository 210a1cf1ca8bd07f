#!/usr/bin/env node
// tools/colink bench sockets-model: send -> delivered p50/p99 at a fixed rate on the load model of
// docs/performance.md, over two ws-gateway instances, against two bare socket.io servers with the Redis
// adapter carrying the same sockets, rooms, sends, typing and heartbeats in the same run.
// - users: each with a web socket, every other one with a phone socket too (web on instance 0, phone
//   on instance 1, so every channel spans both instances);
// - channels: one with every user (the "1,000" channel of the model, scaled to --users), one of 100
//   (when there are 100 users), --small channels of 2 to 20 members (long tail: most are small), --dms
//   channels of two; each send picks its kind by weight (--mix=small,dm,100,all in %: 50,25,20,5);
// - sends: open model, Poisson arrivals at --rate/s for --seconds, each stamped with its intended time;
//   latency is from that time to each socket's delivery, so a stall of the generator or the platform
//   counts; every member socket must get every accepted message of its channel once, in seq order;
// - typing: --typing-per-send notices per send (a member of the channel, at most one a second per user
//   and channel, as TYPING_INTERVAL_MS allows); heartbeats: every socket every 30 s (random phase);
//   reads (ours only: the bare server has no REST): the author marks the channel read after each send.
// Options: --users=160 --rate=20 --seconds=60 --small=40 --dms=40 --base=27100, --cpu-prof=DIR (the two
// ws-gateway processes write a CPU profile there when they stop), --dist=DIR (another build's output,
// relative to the repository: two builds compared under the same conditions), --node-flags="..." (every
// process's Node flags, default deploy/node.env's), --node-flags-<service>="..." (one service's own, after them, instead of node.env's COLINK_NODE_FLAGS_<SERVICE>,
// e.g. --node-flags-messaging=--max-semi-space-size=16), --gc-log=DIR (each process's GC pauses and
// event-loop delay while sending, and messaging's pauses inside the slowest POSTs). Bounded: 10 minutes.
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Lab,
  args,
  fmt,
  generatorMeter,
  hardwareLine,
  nodeFlagsLine,
  openSocket,
  pct,
  pool,
  processCpuS,
  root,
  sleep,
} from './socket-lab.mjs';

const USERS = Number(args.users ?? 160);
const RATE = Number(args.rate ?? 20);
const SECONDS = Number(args.seconds ?? 60);
const SMALL = Number(args.small ?? 40);
const DMS = Number(args.dms ?? 40);
const TYPING_PER_SEND = Number(args['typing-per-send'] ?? 2);
const MIX = (args.mix ?? '50,25,20,5').split(',').map(Number); // small, dm, 100, all (%)
const HEARTBEAT_MS = 30_000;
const dist = args.dist ? join(root, args.dist) : undefined; // another build's output

await Lab.main('sockets-model', { base: Number(args.base ?? 27100), minutes: 10 }, async (lab) => {
  Lab.ensureBuilt(['channels', 'messaging', 'presence', 'ws-gateway']);
  console.log(hardwareLine());
  console.log(nodeFlagsLine(['channels', 'messaging', 'presence', 'ws-gateway']));
  await lab.startPlatform({ dist });
  const users = await lab.users(USERS);

  // ---- channels: the long tail ----------------------------------------------------------------------
  const pick = (n, from = users) => {
    const pool = [...from];
    for (let i = pool.length - 1; i > 0; i -= 1) {
      const j = randomInt(i + 1);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, n);
  };
  const kinds = [];
  const lists = [];
  const add = (kind, members) => (kinds.push(kind), lists.push(members));
  for (let c = 0; c < SMALL; c += 1)
    add('small', pick(Math.min(USERS, 2 + Math.floor(18 * Math.random() ** 2))));
  for (let c = 0; c < DMS; c += 1) add('dm', pick(2));
  if (USERS >= 100) add('100', pick(100));
  add('all', users);
  const ids = await lab.channelsWith(lists);
  const channels = ids.map((id, c) => ({ id, kind: kinds[c], members: lists[c] }));
  const byKind = (kind) => channels.filter((c) => c.kind === kind);
  const weights = [
    ['small', MIX[0]],
    ['dm', MIX[1]],
    ['100', MIX[2]],
    ['all', MIX[3]],
  ].filter(([kind]) => byKind(kind).length > 0);
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const pickChannel = () => {
    let r = Math.random() * total;
    for (const [kind, w] of weights) {
      if ((r -= w) < 0) {
        const list = byKind(kind);
        return list[randomInt(list.length)];
      }
    }
    return channels[0];
  };
  const roomsOf = new Map(users.map((u) => [u.sub, [`user:${u.sub}`]]));
  for (const c of channels) for (const m of c.members) roomsOf.get(m.sub).push(`channel:${c.id}`);
  const socketsPer = (c) => c.members.reduce((n, m) => n + (m.k % 2 === 0 ? 2 : 1), 0);

  // The same schedule for both phases: Poisson arrivals, the channel, the author, typing before.
  const schedule = [];
  for (let t = 0; ;) {
    t += (-Math.log(1 - Math.random()) * 1000) / RATE;
    if (t > SECONDS * 1000) break;
    const channel = pickChannel();
    schedule.push({ at: t, channel, author: channel.members[randomInt(channel.members.length)] });
  }
  const fanout = schedule.reduce((n, s) => n + socketsPer(s.channel), 0) / schedule.length;
  const webs = USERS;
  const phones = Math.ceil(USERS / 2);
  console.log(
    `sockets-model: ${USERS} users (${webs} web + ${phones} phone sockets over 2 instances), ${SMALL} channels of 2-20, ${DMS} of 2, ${USERS >= 100 ? '1 of 100, ' : ''}1 of ${USERS} (the model's 1,000 at this scale); ` +
      `${schedule.length} sends at ${RATE}/s (Poisson) for ${SECONDS} s, mix small/dm/100/all ${MIX.join('/')} %, ${fmt(fanout)} sockets per send (${fmt(fanout * RATE, 0)} deliveries/s); ` +
      `${TYPING_PER_SEND} typing per send, a heartbeat per socket every 30 s\n`,
  );

  async function phase(name, urls, auth, send, read, pids, seenOnKafka) {
    const sockets = [];
    const meter = generatorMeter();
    // every socket's record: message index -> arrival (ms since the run's start)
    let t0 = Infinity;
    const openAll = async () => {
      const plan = users.flatMap((u) =>
        u.k % 2 === 0
          ? [
              [u, 0],
              [u, 1],
            ]
          : [[u, 0]],
      );
      await pool(plan.length, 20, async (i) => {
        const [user, instance] = plan[i];
        const state = {
          user,
          instance,
          seen: new Map(),
          lastSeq: new Map(),
          outOfOrder: 0,
          duplicates: 0,
          warm: new Set(),
        };
        state.socket = await openSocket(urls[instance], auth(user), {
          onSetup: (socket) =>
            socket.on('message.created', (envelope) => {
              const at = performance.now() - t0;
              const match = /#(-?\d+)$/.exec(envelope.data?.content ?? '');
              if (!match) return;
              const i = Number(match[1]);
              if (i < 0) return void state.warm.add(envelope.channel_id);
              if (state.seen.has(i)) state.duplicates += 1;
              else state.seen.set(i, at);
              const last = state.lastSeq.get(envelope.channel_id) ?? -Infinity;
              if (!(envelope.seq > last)) state.outOfOrder += 1;
              state.lastSeq.set(envelope.channel_id, envelope.seq);
            }),
        });
        sockets.push(state);
      });
    };
    await openAll();
    const socketsOf = new Map(channels.map((c) => [c.id, sockets.filter((s) => c.members.includes(s.user))]));
    const memberSockets = (c) => socketsOf.get(c.id);
    try {
      // Warm up: one message in the big channel reaches every socket (both instances are consuming).
      const all = byKind('all')[0];
      for (let w = 1; ; w += 1) {
        await send(all, all.members[0], -w);
        const until = Date.now() + 2_000;
        while (sockets.some((s) => !s.warm.has(all.id)) && Date.now() < until) await sleep(20);
        if (sockets.every((s) => s.warm.has(all.id))) break;
        if (w > 30) throw new Error(`${name}: warm-up message never reached every socket`);
      }
      for (const s of sockets) s.lastSeq.clear();

      // Heartbeats: every socket every 30 s, random phase; typing before sends.
      const acks = { heartbeat: [], typing: [], refused: 0, failed: 0 };
      const emitTimed = (socket, event, payload, into) => {
        const start = performance.now();
        socket.timeout(10_000).emit(event, payload, (error, answer) => {
          if (error) return void (acks.failed += 1);
          if (answer?.ok) into.push(performance.now() - start);
          else acks.refused += 1;
        });
      };
      const timers = sockets.map((s) =>
        setTimeout(function beat() {
          emitTimed(s.socket, 'presence.heartbeat', {}, acks.heartbeat);
          timers.push(setTimeout(beat, HEARTBEAT_MS));
        }, Math.random() * HEARTBEAT_MS),
      );
      const lastTyping = new Map();
      const webOf = new Map(sockets.filter((s) => s.instance === 0).map((s) => [s.user.sub, s]));

      const accepted = new Set();
      const answered = []; // ms from the intended send time to the POST's answer
      const answeredAt = new Map(); // message index -> its POST's answer (ms since t0)
      let failures = 0;
      const sends = [];
      meter.reset();
      const cpu0 = pids.map(processCpuS);
      t0 = performance.now();
      const epoch0 = performance.timeOrigin + t0; // t0 as ms since the epoch (the GC logs' clock)
      for (let i = 0; i < schedule.length; i += 1) {
        const { at, channel, author } = schedule[i];
        const wait = at - (performance.now() - t0);
        if (wait > 0) await sleep(wait);
        for (let k = 0; k < TYPING_PER_SEND; k += 1) {
          const typist = channel.members[randomInt(channel.members.length)];
          const key = `${typist.sub}:${channel.id}`;
          if ((lastTyping.get(key) ?? -Infinity) > performance.now() - 1_100) continue;
          lastTyping.set(key, performance.now());
          emitTimed(webOf.get(typist.sub).socket, 'typing', { channel_id: channel.id }, acks.typing);
        }
        sends.push(
          send(channel, author, i).then(
            async (seq) => {
              if (seq === null) return void (failures += 1);
              answered.push(performance.now() - t0 - at);
              answeredAt.set(i, performance.now() - t0);
              accepted.add(i);
              await read?.(channel, author, seq);
            },
            () => (failures += 1),
          ),
        );
      }
      await Promise.all(sends);
      const sendCpu = pids.map((pid, k) => processCpuS(pid) - cpu0[k]);
      const generator = meter.read();
      const drainUntil = Date.now() + 20_000;
      const expected = () => {
        let missing = 0;
        for (const i of accepted)
          for (const s of memberSockets(schedule[i].channel)) if (!s.seen.has(i)) missing += 1;
        return missing;
      };
      while (expected() > 0 && Date.now() < drainUntil) await sleep(100);
      for (const timer of timers) clearTimeout(timer);

      const latencies = [];
      let deliveries = 0;
      let extra = 0;
      // Where the time goes, each stage from the intended send time: POST answered (stored,
      // committed), the event seen on Kafka by a consumer of the bench's own (relayed), the first and
      // the last member socket's frame (consumed by each ws-gateway and emitted to the room).
      const stages = { kafka: [], first: [], last: [] };
      for (const i of accepted) {
        const { at, channel } = schedule[i];
        let first = Infinity;
        let last = -Infinity;
        for (const s of memberSockets(channel)) {
          const seen = s.seen.get(i);
          if (seen !== undefined) latencies.push(seen - at);
          first = Math.min(first, seen ?? Infinity);
          last = Math.max(last, seen ?? Infinity);
          deliveries += 1;
        }
        stages.first.push(first - at);
        stages.last.push(last - at);
        const onKafka = seenOnKafka?.get(i);
        if (onKafka !== undefined) stages.kafka.push(onKafka - t0 - at);
      }
      for (const list of Object.values(stages)) list.sort((a, b) => a - b);
      for (const s of sockets)
        for (const i of s.seen.keys()) if (!schedule[i].channel.members.includes(s.user)) extra += 1;
      latencies.sort((a, b) => a - b);
      acks.heartbeat.sort((a, b) => a - b);
      acks.typing.sort((a, b) => a - b);
      answered.sort((a, b) => a - b);
      const missing = expected();
      const result = {
        sent: schedule.length,
        accepted: accepted.size,
        failures,
        deliveries,
        missing,
        extra,
        duplicates: sockets.reduce((n, s) => n + s.duplicates, 0),
        outOfOrder: sockets.reduce((n, s) => n + s.outOfOrder, 0),
        p50: pct(latencies, 50),
        p99: pct(latencies, 99),
        max: latencies.at(-1),
        postP50: pct(answered, 50),
        postP99: pct(answered, 99),
        heartbeatP99: pct(acks.heartbeat, 99),
        heartbeats: acks.heartbeat.length,
        typingP99: pct(acks.typing, 99),
        typings: acks.typing.length,
        refused: acks.refused,
        ackFailed: acks.failed,
        kafkaP50: pct(stages.kafka, 50),
        kafkaP99: pct(stages.kafka, 99),
        firstP50: pct(stages.first, 50),
        firstP99: pct(stages.first, 99),
        lastP50: pct(stages.last, 50),
        lastP99: pct(stages.last, 99),
        generator,
        serverCpu: sendCpu,
        seconds: SECONDS,
        // each accepted post's [intended send, answered], ms since the epoch (for --gc-log)
        posts: [...answeredAt].map(([i, end]) => [epoch0 + schedule[i].at, epoch0 + end]),
        window: [epoch0, epoch0 + SECONDS * 1000],
      };
      console.log(
        `${name}: ${result.accepted}/${result.sent} sends accepted, ${deliveries - missing}/${deliveries} delivered, ${missing} missing, ${result.duplicates} dup, ${result.outOfOrder} out of order, ${extra} to non-members; ` +
          `p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms, max ${fmt(result.max)} ms; heartbeat ack p99 ${fmt(result.heartbeatP99)} ms (${result.heartbeats}), typing ack p99 ${fmt(result.typingP99)} ms (${result.typings}), ${result.refused} refused, ${result.ackFailed} unanswered`,
      );
      console.log(
        `${name}: generator ${fmt(generator.cpuS)} s CPU (${fmt(generator.share * 100, 0)} % of one core), event-loop lag p99 ${fmt(generator.lagP99)} ms, max ${fmt(generator.lagMax)} ms; ` +
          `servers' CPU while sending: ${sendCpu.map((c) => fmt(c)).join(' + ')} s (${fmt((sendCpu.reduce((a, b) => a + b, 0) / SECONDS) * 100, 0)} % of one core)`,
      );
      return result;
    } finally {
      for (const s of sockets) s.socket.close();
      await sleep(500);
    }
  }

  // ---- baseline: two bare socket.io servers with the Redis adapter -------------------------------------
  const bares = [0, 1].map((k) => lab.startBaseline(k));
  await Promise.all(bares.map((b) => lab.ready(b)));
  const postJson = async (url, body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return response.status === 201 ? JSON.parse(text).seq : null;
  };
  const content = (i) => `a benchmark message with a little **Markdown** and no mentions #${i}`;
  const bare = await phase(
    'bare socket.io',
    bares.map((b) => b.url),
    (user) => ({ rooms: roomsOf.get(user.sub) }),
    (channel, author, i) =>
      postJson(`${bares[0].url}/send`, {
        channel_id: channel.id,
        author_id: author.sub,
        content: content(i),
      }),
    undefined,
    bares.map((b) => b.child.pid),
  );
  for (const b of bares) b.child.kill('SIGTERM');

  // ---- ours: two ws-gateway instances; POST to messaging -> outbox -> Kafka -> each instance --------
  const profile = args['cpu-prof'] ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${args['cpu-prof']}` } : {};
  const gateways = [
    await lab.startGateway(0, { env: profile, dist }),
    await lab.startGateway(1, { env: profile, dist }),
  ];
  const seenOnKafka = new Map(); // message index -> when the bench's own consumer saw its event
  const tail = lab.kafka.consumer({ groupId: `bench-sockets-tail-${lab.run}`, maxWaitTimeInMs: 50 });
  await lab.seekGroupToEnd(`bench-sockets-tail-${lab.run}`, ['message.created']);
  await tail.connect();
  await tail.subscribe({ topic: 'message.created' });
  await tail.run({
    eachMessage: async ({ message }) => {
      const at = performance.now();
      const match = /#(\d+)"/.exec(message.value?.toString() ?? '');
      if (match && !seenOnKafka.has(Number(match[1]))) seenOnKafka.set(Number(match[1]), at);
    },
  });
  lab.onCleanup(() => tail.disconnect());
  await Promise.all(gateways.map((g) => lab.ready(g)));
  const ours = await phase(
    'ws-gateway',
    gateways.map((g) => g.url),
    (user) => ({ token: user.token }),
    async (channel, author, i) => {
      const reply = await lab.call(
        lab.messaging.url,
        author,
        'POST',
        `/api/v1/channels/${channel.id}/messages`,
        {
          content: content(i),
        },
      );
      return reply.status === 201 ? reply.body.seq : null;
    },
    async (channel, author, seq) => {
      await lab.call(lab.channels.url, author, 'POST', `/api/v1/channels/${channel.id}/read`, {
        last_read_seq: seq,
      });
    },
    [...gateways, lab.messaging, lab.channels, lab.presence].map((s) => s.child.pid),
    seenOnKafka,
  );

  const row = (what, o, b, unit, note = '') => ({
    what,
    'ws-gateway': `${fmt(o)} ${unit}`,
    'bare socket.io': `${fmt(b)} ${unit}`,
    ratio: fmt(o / b, 2),
    note,
  });
  console.table([
    row('send->delivered p50', ours.p50, bare.p50, 'ms'),
    row(
      'send->delivered p99',
      ours.p99,
      bare.p99,
      'ms',
      ours.p99 <= 2 * bare.p99 ? 'target <=2x: met' : 'target <=2x: missed',
    ),
    row('send->delivered max', ours.max, bare.max, 'ms'),
    row('send->POST answered p50', ours.postP50, bare.postP50, 'ms', 'from the intended send time'),
    row('send->POST answered p99', ours.postP99, bare.postP99, 'ms', 'ws-gateway: messaging stored it'),
    row('send->on Kafka p50', ours.kafkaP50, NaN, 'ms', 'ws-gateway: relayed, seen by a consumer'),
    row('send->on Kafka p99', ours.kafkaP99, NaN, 'ms'),
    row('send->first socket p50', ours.firstP50, bare.firstP50, 'ms'),
    row('send->first socket p99', ours.firstP99, bare.firstP99, 'ms'),
    row('send->last socket p50', ours.lastP50, bare.lastP50, 'ms', 'every member socket has it'),
    row('send->last socket p99', ours.lastP99, bare.lastP99, 'ms'),
    row('heartbeat ack p99', ours.heartbeatP99, bare.heartbeatP99, 'ms'),
    row('typing ack p99', ours.typingP99, bare.typingP99, 'ms'),
    row('generator event-loop lag p99', ours.generator.lagP99, bare.generator.lagP99, 'ms'),
    row('generator CPU', ours.generator.cpuS, bare.generator.cpuS, 's'),
  ]);
  console.log(
    `servers' CPU while sending: ws-gateway 0 + 1, messaging, channels, presence = ${ours.serverCpu.map((c) => fmt(c)).join(' + ')} s; bare servers ${bare.serverCpu.map((c) => fmt(c)).join(' + ')} s (over ${SECONDS} s on 2 cores)`,
  );
  if (args['gc-log']) {
    gcSummary('bare socket.io', bares, bare);
    gcSummary('ws-gateway', [...gateways, lab.messaging, lab.channels, lab.presence], ours, lab.messaging);
  }
  const lost = ours.missing + ours.duplicates + ours.outOfOrder + ours.extra + ours.failures;
  if (lost > 0) {
    console.log(`ws-gateway lost, duplicated, reordered or failed ${lost}`);
    process.exitCode = 1;
  }
});

/**
 * --gc-log: each process's collections while sending (count, total and longest pause by kind) and its
 * event loop's worst delay in each second (p50, p90 and max of those), then the pauses of `poster` (the process
 * that answers the POSTs) inside each POST's time, for the slowest 1 % of POSTs and for all of them:
 * if the slow POSTs are the ones a collection stopped, the first sum is much larger than the second.
 */
function gcSummary(name, services, result, poster) {
  const [from, to] = result.window;
  const read = (service) =>
    readFileSync(service.gcLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' '))
      .map(([at, ms, kind]) => ({ at: Number(at), ms: Number(ms), kind }))
      .filter((e) => e.at >= from && e.at <= to);
  const rows = [];
  for (const service of services) {
    if (!service.gcLog || !existsSync(service.gcLog)) continue;
    const entries = read(service);
    const row = { process: `${name}: ${service.name} :${service.port}` };
    for (const kind of ['scavenge', 'mark-sweep', 'incremental']) {
      const list = entries.filter((e) => e.kind === kind).map((e) => e.ms);
      row[kind] = `${list.length} x, ${fmt(
        list.reduce((a, b) => a + b, 0),
        0,
      )} ms, max ${fmt(Math.max(0, ...list))} ms`;
    }
    const loop = entries
      .filter((e) => e.kind === 'loop')
      .map((e) => e.ms)
      .sort((a, b) => a - b);
    row['worst loop delay of a second: p50 / p90 / max'] =
      `${fmt(pct(loop, 50))} / ${fmt(pct(loop, 90))} / ${fmt(loop.at(-1))} ms`;
    rows.push(row);
  }
  console.table(rows);
  if (!poster?.gcLog) return;
  const pauses = read(poster).filter((e) => e.kind !== 'loop');
  const within = ([start, end]) =>
    pauses.filter((e) => e.at + e.ms >= start && e.at <= end).reduce((sum, e) => sum + e.ms, 0);
  const byLatency = [...result.posts].sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
  const slow = byLatency.slice(0, Math.max(1, Math.ceil(byLatency.length / 100)));
  const mean = (list) => list.reduce((sum, p) => sum + within(p), 0) / list.length;
  const hit = (list) => list.filter((p) => within(p) > 0).length / list.length;
  console.log(
    `${name}: ${poster.name}'s GC pauses inside a POST's time: slowest 1 % (${slow.length}, ${fmt(slow.at(-1)[1] - slow.at(-1)[0])} ms and more): ` +
      `${fmt(hit(slow) * 100, 0)} % had one, ${fmt(mean(slow))} ms on average; all POSTs: ${fmt(hit(byLatency) * 100, 0)} %, ${fmt(mean(byLatency), 2)} ms`,
  );
}
