#!/usr/bin/env node
// What a Kafka consumer costs per event, read where it matters most: catching up on a backlog (after
// a restart, an outage, a deploy). channels (it consumes every message.created for unread and mention
// marks) is stopped while messaging stores --messages posts over --channels channels, then started
// again; the bench reads how fast the marks land (from the first to the last) and channels' CPU time
// over that window, per event. `--dist=DIR` runs another build's output (relative to the repository),
// so two builds compare under the same conditions:
//   node tools/bench/consumer-catchup.mjs --dist=.bench/dist-before; node tools/bench/consumer-catchup.mjs
// Then --reads mark-reads (POST /channels/{id}/read, 8 in flight): channels' CPU per read.
// Options: --messages=3000 --reads=2000 --channels=20 --base=27150 (channels base+2, messaging base+3, presence
// base+4, metrics at port+200). Bounded: 6 minutes.
import { join } from 'node:path';
import { Lab, args, fmt, hardwareLine, pool, processCpuS, root, sleep } from './socket-lab.mjs';

const MESSAGES = Number(args.messages ?? 3000);
const CHANNELS = Number(args.channels ?? 20);
const dist = args.dist ? join(root, args.dist) : undefined;

await Lab.main('consumer-catchup', { base: Number(args.base ?? 27150), minutes: 6 }, async (lab) => {
  if (!dist) Lab.ensureBuilt(['channels', 'messaging', 'presence']);
  console.log(hardwareLine());
  await lab.startPlatform({ dist });
  const [owner] = await lab.users(1);
  const ids = await lab.channelsWith(Array.from({ length: CHANNELS }, () => [owner]));

  // channels stops (gracefully: its offsets are committed); the posts pile up on message.created.
  lab.channels.child.kill('SIGTERM');
  while (lab.channels.child.exitCode === null && lab.channels.child.signalCode === null) await sleep(100);
  const posted = Date.now();
  let failed = 0;
  await pool(MESSAGES, 16, async (i) => {
    const reply = await lab.call(
      lab.messaging.url,
      owner,
      'POST',
      `/api/v1/channels/${ids[i % CHANNELS]}/messages`,
      {
        content: `a backlog message #${i}`,
      },
    );
    if (reply.status !== 201) failed += 1;
  });
  const stored = MESSAGES - failed;
  console.log(
    `${stored} posts stored by messaging in ${fmt((Date.now() - posted) / 1000)} s (${failed} failed); channels stopped`,
  );
  await sleep(2_000); // the outbox relay has published them

  const marks = async () =>
    (
      await lab.pg.query(
        `SELECT count(*)::int AS n FROM "${lab.schemas.channels}".message_marks WHERE channel_id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows[0].n;
  const channels = lab.startService(
    'channels',
    lab.base + 2,
    {
      DATABASE_URL: lab.databaseUrl,
      KAFKA_BROKERS: lab.brokers.join(','),
      DATABASE_SCHEMA: lab.schemas.channels,
      SERVICE_NAME: `bench-channels-${lab.run}`,
    },
    dist,
  );
  const started = performance.now();
  let first;
  let cpuAtFirst;
  let done = 0;
  const deadline = Date.now() + 180_000;
  for (;;) {
    done = await marks();
    if (first === undefined && done > 0) {
      first = { at: performance.now(), done };
      cpuAtFirst = processCpuS(channels.child.pid);
    }
    if (done >= stored || Date.now() > deadline) break;
    await sleep(20);
  }
  const end = performance.now();
  const cpu = processCpuS(channels.child.pid) - cpuAtFirst;
  const applied = done - first.done;
  const seconds = (end - first.at) / 1000;
  console.log(
    `channels caught up on ${done}/${stored} message.created events: first mark ${fmt((first.at - started) / 1000)} s after its start, ` +
      `then ${applied} in ${fmt(seconds, 2)} s = ${fmt(applied / seconds, 0)} events/s, ` +
      `CPU ${fmt(cpu, 2)} s = ${fmt((cpu * 1000) / applied, 2)} ms per event${dist ? ` (build ${args.dist})` : ''}`,
  );
  if (done < stored) process.exitCode = 1;

  // The other half of unread counts: the mark-read a client sends after showing a channel
  // (POST /channels/{id}/read, 8 in flight), channels' CPU per request.
  const reads = Number(args.reads ?? 2000);
  const cpu0 = processCpuS(channels.child.pid);
  const readStart = performance.now();
  let readFailed = 0;
  await pool(reads, 8, async (i) => {
    const reply = await lab.call(channels.url, owner, 'POST', `/api/v1/channels/${ids[i % CHANNELS]}/read`, {
      last_read_seq: 1 + (i % 100),
    });
    if (reply.status !== 200) readFailed += 1;
  });
  const readSeconds = (performance.now() - readStart) / 1000;
  const readCpu = processCpuS(channels.child.pid) - cpu0;
  console.log(
    `channels answered ${reads - readFailed}/${reads} mark-reads in ${fmt(readSeconds, 2)} s = ${fmt(reads / readSeconds, 0)} /s, ` +
      `CPU ${fmt(readCpu, 2)} s = ${fmt((readCpu * 1000) / reads, 2)} ms per read${dist ? ` (build ${args.dist})` : ''}`,
  );
  if (readFailed > 0) process.exitCode = 1;
});
