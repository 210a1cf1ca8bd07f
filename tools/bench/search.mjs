#!/usr/bin/env node
// tools/colink bench search: the search service's indexing rate (bulk path, generated messages), query
// latency p50/p99 for typical queries at that size, and index lag (event time -> searchable) under a
// steady rate of message.created events through Kafka. Bounded; own index prefix and consumer group,
// both removed at the end. Options: --messages=1000000 --rate=200 --lag-seconds=20 --queries=200
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { identityHeaders } from './identity.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { Kafka, logLevel } = require('kafkajs');
const dist = join(root, 'dist', 'apps', 'search', 'apps', 'search', 'src');
const { OpenSearchConnection } = require(join(dist, 'opensearch', 'opensearch-connection.js'));
const { IndicesRepository } = require(join(dist, 'opensearch', 'indices.repository.js'));
const { DocumentsRepository } = require(join(dist, 'indexing', 'documents.repository.js'));
const { messageAction, channelAction, memberAction } = require(join(dist, 'indexing', 'documents.js'));

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((arg) => arg.replace(/^--/, '').split('='))
    .map(([k, v]) => [k, v ?? 'true']),
);
const MESSAGES = Number(args.messages ?? 1_000_000);
const RATE = Number(args.rate ?? 200);
const LAG_SECONDS = Number(args['lag-seconds'] ?? 20);
const QUERIES = Number(args.queries ?? 200);
const CHANNELS = 200;
const BULK = 2000;
const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? 'http://localhost:9200';
const BROKERS = (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',');
const run = randomUUID().slice(0, 8);
const prefix = `colink-bench-${run}`;
const service = `search-bench-${run}`;
const secret = `bench-${randomUUID()}`;
const port = 28906;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const say = (line) => process.stdout.write(`bench search: ${line}\n`);

const WORDS = (
  'deploy deployment kubernetes cluster rollout canary release build failing passed pipeline staging ' +
  'production database migration index query latency cache redis kafka consumer lag alert pager incident ' +
  'review merge branch commit hotfix rollback feature flag customer ticket meeting agenda notes design ' +
  'user_id foo.bar() config.yaml getUserById() 東京 デプロイ 会議 서울 배포 metrics dashboard grafana'
).split(' ');
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const sentence = () =>
  Array.from({ length: 6 + Math.floor(rand() * 14) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(
    ' ',
  );
const channelIds = Array.from({ length: CHANNELS }, () => randomUUID());
const userId = randomUUID();
const reader = randomUUID();

function envelope(type, data, occurredAt = new Date()) {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurred_at: occurredAt.toISOString(),
    actor_id: null,
    trace_id: randomUUID().replace(/-/g, ''),
    data,
  };
}
function message(channelId, content, createdAt) {
  return {
    id: randomUUID(),
    channel_id: channelId,
    seq: 1,
    user_id: userId,
    content,
    thread_root_id: null,
    reply_count: 0,
    last_reply_at: null,
    also_send_to_channel: false,
    reactions: [],
    files: [],
    mentions: [],
    created_at: createdAt.toISOString(),
    edited_at: null,
    deleted_at: null,
  };
}

const os = new OpenSearchConnection(OPENSEARCH_URL, 60_000);
const indices = new IndicesRepository(os, prefix, 0);
const documents = new DocumentsRepository(os, (kind) => indices.alias(kind), 120_000);
const kafka = new Kafka({ clientId: `bench-search-${run}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
let child;

async function main() {
  await indices.ensure();
  // Public channels, so every generated message is readable by the bench caller.
  await documents.bulk(
    channelIds.map((id, i) =>
      channelAction(
        envelope('channel.created', {
          id,
          name: `bench-${run}-${i}`,
          description: '',
          type: 'public',
          created_by: userId,
          created_at: new Date().toISOString(),
          archived_at: null,
          member_count: 1,
        }),
      ),
    ),
  );

  // The reader is a member of one channel, so the membership projection answers (no fallback call).
  await documents.bulk(
    memberAction(
      envelope('channel.member_added', {
        channel_id: channelIds[0],
        channel_type: 'public',
        user_id: reader,
        role: 'member',
        by_user_id: null,
      }),
    ),
  );

  // 1. Indexing rate through the indexer's bulk path.
  say(`indexing ${MESSAGES} generated messages in bulks of ${BULK}`);
  const started = Date.now();
  const span = 90 * 86_400_000;
  for (let done = 0; done < MESSAGES; done += BULK) {
    const n = Math.min(BULK, MESSAGES - done);
    const actions = Array.from({ length: n }, () => {
      const at = new Date(started - Math.floor(rand() * span));
      return messageAction(
        envelope('message.created', message(channelIds[Math.floor(rand() * CHANNELS)], sentence(), at), at),
      );
    });
    const results = await documents.bulk(actions);
    const failed = results.filter((r) => r.outcome === 'failed').length;
    if (failed) throw new Error(`${failed} documents rejected`);
    if ((done / BULK) % 50 === 0 && done > 0)
      say(`${done} indexed, ${(done / ((Date.now() - started) / 1000)).toFixed(0)} docs/s`);
  }
  const indexSeconds = (Date.now() - started) / 1000;
  await indices.refresh(indices.alias('messages'));
  say(
    `indexing rate: ${(MESSAGES / indexSeconds).toFixed(0)} messages/s (${indexSeconds.toFixed(1)} s for ${MESSAGES})`,
  );

  // 2. The service on that index: query latency, then index lag through Kafka.
  await admin.connect();
  const topics = [
    'message.created',
    'message.updated',
    'message.deleted',
    'channel.created',
    'channel.updated',
    'channel.member_added',
    'channel.member_removed',
    'user.created',
    'user.updated',
    'file.uploaded',
    'file.scanned',
  ];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId: `colink-${service}`,
      topic,
      partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
    });
  }
  child = spawn(process.execPath, [join(dist, 'main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      INTERNAL_AUTH_SECRET: secret,
      SERVICE_NAME: service,
      SEARCH_INDEX_PREFIX: prefix,
      OPENSEARCH_URL,
      KAFKA_BROKERS: BROKERS.join(','),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; ; i += 1) {
    if (i > 240) throw new Error('search service not ready');
    const ready = await fetch(`http://127.0.0.1:${port}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    await sleep(500);
  }
  const typical = [
    'deploy',
    'kube',
    'failing build',
    '"rollout canary"',
    'user_id',
    'デプロイ',
    'latency has:file',
    `release after:${new Date(started - 30 * 86_400_000).toISOString().slice(0, 10)}`,
    'dashboard grafana',
    'netes',
  ];
  const latencies = [];
  for (let i = 0; i < QUERIES; i += 1) {
    const q = typical[i % typical.length];
    const t0 = performance.now();
    const response = await fetch(
      `http://127.0.0.1:${port}/api/v1/search/messages?${new URLSearchParams({ q, limit: '20' })}`,
      { headers: { ...identityHeaders({ sub: reader, username: 'bench' }, secret) } },
    );
    await response.text();
    if (response.status !== 200) throw new Error(`query ${q}: ${response.status}`);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  say(
    `query latency over ${QUERIES} typical queries at ${MESSAGES} messages: p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms`,
  );

  const producer = kafka.producer();
  await producer.connect();
  const marker = `benchlag${run}`;
  const sent = new Map();
  const total = RATE * LAG_SECONDS;
  say(`index lag: ${total} message.created events at ${RATE}/s through Kafka`);
  // Searchable = found by a query. The poller runs beside the sender (every 250 ms, so a lag is at
  // most 250 ms late), from the first send until all are found or 60 s after the last send.
  const lags = [];
  const seen = new Set();
  let sendingDone = false;
  let deadline = Infinity;
  const poller = (async () => {
    while (seen.size < total && Date.now() < deadline) {
      const response = await fetch(`${OPENSEARCH_URL}/${prefix}-messages/_search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          size: 10000,
          _source: ['content'],
          query: { match: { 'content.exact': marker } },
        }),
      });
      const body = await response.json();
      const now = Date.now();
      for (const hit of body.hits.hits) {
        const key = hit._source.content.split(' ')[1];
        if (!seen.has(key) && sent.has(key)) {
          seen.add(key);
          lags.push(now - sent.get(key));
        }
      }
      if (sendingDone && deadline === Infinity) deadline = Date.now() + 60_000;
      await sleep(250);
    }
  })();
  const t0 = Date.now();
  let behind = 0;
  const sends = [];
  for (let i = 0; i < total; i += 1) {
    const due = t0 + (i * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    else behind = Math.max(behind, Date.now() - due);
    const channelId = channelIds[i % CHANNELS];
    const m = message(channelId, `${marker} n${i} ${sentence()}`, new Date());
    // Stamped with its intended send time: a sender that falls behind counts against the lag. Sends
    // are not awaited one by one (a round trip each would cap the rate on a loaded machine).
    sent.set(`n${i}`, due);
    sends.push(
      producer.send({
        topic: 'message.created',
        messages: [{ key: channelId, value: JSON.stringify(envelope('message.created', m)) }],
      }),
    );
  }
  await Promise.all(sends);
  sendingDone = true;
  await producer.disconnect();
  await poller;
  if (behind > 1000) say(`the sender fell behind its schedule by up to ${(behind / 1000).toFixed(1)} s`);
  lags.sort((a, b) => a - b);
  say(
    `index lag at ${RATE} msg/s: p50 ${(pct(lags, 50) / 1000).toFixed(2)} s, p99 ${(pct(lags, 99) / 1000).toFixed(2)} s, max ${(lags[lags.length - 1] / 1000).toFixed(2)} s (${seen.size}/${total} searchable within 60 s of the last send)`,
  );
}

async function cleanup() {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  await admin.deleteGroups([`colink-${service}`]).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  await fetch(`${OPENSEARCH_URL}/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
  for (const kind of ['messages', 'files', 'channels', 'members', 'users'])
    await fetch(`${OPENSEARCH_URL}/_index_template/${prefix}-${kind}`, { method: 'DELETE' }).catch(
      () => undefined,
    );
  await os.close();
}

main()
  .then(cleanup)
  .catch(async (error) => {
    process.stderr.write(`bench search: ${error.stack ?? error}\n`);
    await cleanup();
    process.exit(1);
  });
