#!/usr/bin/env node
// tools/colink bench sockets-idle: idle authenticated sockets ramped in steps on one ws-gateway
// instance, memory per socket after a forced full GC (RSS, anonymous memory, V8 heap), against one
// bare socket.io server with the Redis adapter holding the same sockets in the same rooms (the user's
// room and the user's channel rooms, as ws-gateway joins them) in the same run.
// Options: --steps=1000,2000,4000,8000 --users=50 --channels=20 (each user in half of them)
// --base=27100 --step-seconds=120 --heap-snapshot=DIR (ws-gateway writes a heap snapshot at the top
// step into DIR), --cpu-prof=DIR (ws-gateway writes a CPU profile there when it stops: mostly the
// handshakes), --dist=dist (another build's ws-gateway). Bounded: gives up after 10 minutes.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  Lab,
  MIB,
  args,
  fmt,
  generatorMeter,
  hardwareLine,
  openSocket,
  processCpuS,
  root,
  sleep,
} from './socket-lab.mjs';

const STEPS = (args.steps ?? '1000,2000,4000,8000').split(',').map(Number);
const USERS = Number(args.users ?? 50);
const CHANNELS = Number(args.channels ?? 20);
const STEP_MS = Number(args['step-seconds'] ?? 120) * 1000;
const GIB = 2 ** 30;

await Lab.main('sockets-idle', { base: Number(args.base ?? 27100), minutes: 10 }, async (lab) => {
  Lab.ensureBuilt(['channels', 'messaging', 'presence', 'ws-gateway']);
  const fdLimit = Number(spawnSync('sh', ['-c', 'ulimit -n']).stdout.toString().trim()) || 1024;
  const steps = STEPS.filter((n) => n <= fdLimit - 500);
  console.log(hardwareLine());
  console.log(
    `sockets-idle: steps ${steps.join(', ')} sockets (generator file descriptors: ulimit -n ${fdLimit}), ${USERS} users in ${CHANNELS} channels (each in ${CHANNELS / 2}); one ws-gateway vs one bare socket.io + Redis adapter; memory after a full GC\n`,
  );
  await lab.startPlatform();
  const users = await lab.users(USERS);
  const members = Array.from({ length: CHANNELS }, (_, c) => users.filter((u) => (u.k + c) % 2 === 0));
  const channelIds = await lab.channelsWith(members);
  for (const user of users)
    user.rooms = [
      `user:${user.sub}`,
      ...channelIds.filter((_, c) => (user.k + c) % 2 === 0).map((id) => `channel:${id}`),
    ];

  async function phase(name, server, auth, atTop) {
    const meter = generatorMeter();
    // One handshake per user first (JWKS, compiled code, HTTP agents), so growth is what sockets hold.
    for (const user of users) (await openSocket(server.url, auth(user))).close();
    await sleep(2_000);
    const zero = await lab.memory(server);
    const rows = [];
    const sockets = [];
    const cpu0 = processCpuS(server.child.pid);
    meter.reset();
    try {
      for (const target of steps) {
        const started = performance.now();
        const limit = Date.now() + STEP_MS;
        let failed = 0;
        let opening = sockets.length;
        const worker = async () => {
          while (opening < target && Date.now() < limit) {
            const user = users[opening++ % USERS];
            const socket = await openSocket(server.url, auth(user)).catch((error) => {
              failed += 1;
              if (failed === 1) console.error(`${name}: ${error.message}`);
              return null;
            });
            if (socket) sockets.push(socket);
          }
        };
        await Promise.all(Array.from({ length: 50 }, worker));
        const open = sockets.filter((s) => s.connected).length;
        const connectS = (performance.now() - started) / 1000;
        await sleep(2_000);
        const now = await lab.memory(server);
        rows.push({ target, open, failed, connectS, zero, now });
        console.log(
          `${name}: ${open} sockets open (${failed} failed) in ${fmt(connectS)} s; RSS ${fmt(now.rss / MIB)} MiB, heap ${fmt(now.heap / MIB)} MiB`,
        );
        if (open < target) break;
      }
      await atTop?.();
      const cpu = processCpuS(server.child.pid) - cpu0;
      console.log(`${meter.line(`${name} generator`)}; server ${fmt(cpu)} s CPU`);
    } finally {
      for (const socket of sockets) socket.close();
      await sleep(1_000);
    }
    return rows;
  }

  const bare = lab.startBaseline(0);
  await lab.ready(bare);
  const bareRows = await phase('bare socket.io', bare, (user) => ({ rooms: user.rooms }));
  bare.child.kill('SIGTERM');

  const snapshotDir = args['heap-snapshot'];
  const gateway = await lab.startGateway(0, {
    dist: args.dist ? resolve(root, args.dist) : undefined,
    env: nodeOptions([
      snapshotDir && `--heapsnapshot-signal=SIGURG --diagnostic-dir=${snapshotDir}`,
      args['cpu-prof'] && `--cpu-prof --cpu-prof-dir=${args['cpu-prof']}`,
    ]),
  });
  await lab.ready(gateway);
  const ourRows = await phase(
    'ws-gateway',
    gateway,
    (user) => ({ token: user.token }),
    snapshotDir ? () => heapSnapshot(gateway, snapshotDir) : undefined,
  );

  const perSocket = (r, key) => (r.now[key] - r.zero[key]) / r.open;
  const table = ourRows.map((r, i) => {
    const b = bareRows[i];
    const ours = GIB / perSocket(r, 'rss');
    const theirs = b ? GIB / perSocket(b, 'rss') : NaN;
    return {
      sockets: r.open,
      'RSS MiB': fmt(r.now.rss / MIB, 0),
      'RSS KiB/socket': fmt(perSocket(r, 'rss') / 1024),
      'anon KiB/socket': fmt(perSocket(r, 'anon') / 1024),
      'heap KiB/socket': fmt(perSocket(r, 'heap') / 1024),
      'bare RSS KiB/socket': b ? fmt(perSocket(b, 'rss') / 1024) : 'n/a',
      'bare heap KiB/socket': b ? fmt(perSocket(b, 'heap') / 1024) : 'n/a',
      'sockets/GiB': fmt(ours, 0),
      'bare sockets/GiB': fmt(theirs, 0),
      ratio: fmt(ours / theirs, 2),
      'target >=25000/GiB': ours >= 25_000 ? 'met' : 'missed',
    };
  });
  console.table(table);
  const z = ourRows[0]?.zero;
  const bz = bareRows[0]?.zero;
  console.log(
    `per socket = (reading at N - reading before the first socket) / N, each after a full GC; sockets/GiB = 1 GiB / RSS per socket. ` +
      `Before the first socket: ws-gateway RSS ${fmt(z?.rss / MIB)} MiB (heap ${fmt(z?.heap / MIB)} MiB), bare socket.io ${fmt(bz?.rss / MIB)} MiB (heap ${fmt(bz?.heap / MIB)} MiB).`,
  );
});

/** NODE_OPTIONS with the given flags (and any already set), or nothing when there are none. */
function nodeOptions(flags) {
  const all = [process.env.NODE_OPTIONS, ...flags].filter(Boolean);
  return all.length ? { NODE_OPTIONS: all.join(' ') } : {};
}

/** Asks the process for a heap snapshot (SIGURG) and waits until the file stops growing. */
async function heapSnapshot(service, dir) {
  const before = new Set(readdirSync(dir));
  service.child.kill('SIGURG');
  const deadline = Date.now() + 120_000;
  let last = -1;
  while (Date.now() < deadline) {
    await sleep(1_000);
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const size = statSync(join(dir, file)).size;
    if (size === last && size > 0)
      return console.log(`heap snapshot of ws-gateway at the top step: ${join(dir, file)}`);
    last = size;
  }
}
