import { ServiceProcess, stackEnv } from '@colink/testing';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  SECRET,
  announceUsers,
  call,
  dropIndices,
  dropSchemas,
  makeUser,
  startAll,
  startService,
} from './testing/harness';
import { Scenario } from './testing/scenario';

const run = randomUUID().slice(0, 8);
const prefix = `colink-it-ri-${run}`;
const names = {
  channels: `channels-sr-${run}`,
  messaging: `messaging-sr-${run}`,
  search: `search-sr-${run}`,
};
const reindexEntry = join(
  __dirname,
  '..',
  '..',
  '..',
  'dist',
  'apps',
  'search',
  'apps',
  'search',
  'src',
  'reindex',
  'main.js',
);
let channels: ServiceProcess;
let messaging: ServiceProcess;
let scenario: Scenario;
const alice = makeUser('alice');

async function aliasTargets(): Promise<string[]> {
  const response = await fetch(`${stackEnv.opensearchUrl}/_alias/${prefix}-messages`);
  return Object.keys((await response.json()) as object);
}

function reindex(): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [reindexEntry], {
    env: {
      ...process.env,
      INTERNAL_AUTH_SECRET: SECRET,
      OPENSEARCH_URL: stackEnv.opensearchUrl,
      KAFKA_BROKERS: stackEnv.kafkaBrokers.join(','),
      SEARCH_INDEX_PREFIX: prefix,
      SERVICE_NAME: names.search,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

beforeAll(async () => {
  let search: ServiceProcess;
  [channels, messaging, search] = await startAll([
    startService('channels', 28302, names.channels),
    startService('messaging', 28303, names.messaging),
    startService('search', 28306, names.search, {
      SEARCH_INDEX_PREFIX: prefix,
      CHANNELS_URL: 'http://127.0.0.1:28302',
    }),
  ]);
  scenario = new Scenario(channels, messaging, search);
  await announceUsers([alice]);
  expect((await call(channels.url, alice, 'GET', '/api/v1/channels')).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await Promise.all([channels?.stop(), messaging?.stop(), scenario?.search.stop()]);
  await dropSchemas(Object.values(names));
  await dropIndices(prefix);
}, 60_000);

it('rebuilds the indices from Kafka into new ones and swaps the aliases while searches keep answering', async () => {
  const channel = await scenario.createChannel(alice);
  await scenario.post(alice, channel.id, `first ${run}`);
  await scenario.expectFound(alice, run, channel.id, [`first ${run}`]);
  const before = await aliasTargets();
  expect(before).toEqual([`${prefix}-messages-v1-0`]);

  const rebuilding = reindex();
  let finished = false;
  void rebuilding.then(() => (finished = true));
  const answers: number[] = [];
  let posted = false;
  while (!finished) {
    const reply = await scenario.find(alice, `first ${run}`, channel.id);
    answers.push(reply.status === 200 ? reply.body.total : -reply.status);
    if (!posted) {
      await scenario.post(alice, channel.id, `second ${run}`);
      posted = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { code, output } = await rebuilding;
  expect({ code, output }).toMatchObject({ code: 0 });
  // Every search during the rebuild answered, and found the message.
  expect(answers.length).toBeGreaterThan(0);
  expect(answers.every((total) => total === 1)).toBe(true);

  const after = await aliasTargets();
  expect(after).toHaveLength(1);
  expect(after[0]).toMatch(new RegExp(`^${prefix}-messages-v1-\\d+$`));
  expect(after[0]).not.toBe(before[0]);
  expect((await fetch(`${stackEnv.opensearchUrl}/${before[0]}`)).status).toBe(404);
  await scenario.expectFound(alice, run, channel.id, [`first ${run}`, `second ${run}`]);
  // The live indexer goes on writing through the alias, into the new index.
  await scenario.post(alice, channel.id, `third ${run}`);
  await scenario.expectFound(alice, run, channel.id, [`first ${run}`, `second ${run}`, `third ${run}`]);
}, 300_000);
