import { PROBLEM_CONTENT_TYPE } from '@colink/contracts';
import { CuttableProxy, ServiceProcess, stackEnv } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import {
  announceUsers,
  call,
  dropIndices,
  dropSchemas,
  makeUser,
  startAll,
  startService,
} from './testing/harness';
import { Scenario } from './testing/scenario';

// The shared OpenSearch stays up: this search instance reaches it through a proxy the test can cut.
const run = randomUUID().slice(0, 8);
const prefix = `colink-it-out-${run}`;
const names = {
  channels: `channels-so-${run}`,
  messaging: `messaging-so-${run}`,
  search: `search-so-${run}`,
};
const opensearch = new URL(stackEnv.opensearchUrl);
const proxy = new CuttableProxy(28290, { host: opensearch.hostname, port: Number(opensearch.port || 9200) });
const searchEnv = {
  SEARCH_INDEX_PREFIX: prefix,
  OPENSEARCH_URL: proxy.url,
  CHANNELS_URL: 'http://127.0.0.1:28202',
  SEARCH_QUERY_TIMEOUT_MS: '2000',
};
let channels: ServiceProcess;
let messaging: ServiceProcess;
let scenario: Scenario;
const alice = makeUser('alice');
let channel: { id: string; name: string };

beforeAll(async () => {
  await proxy.open();
  let search: ServiceProcess;
  [channels, messaging, search] = await startAll([
    startService('channels', 28202, names.channels),
    startService('messaging', 28203, names.messaging),
    startService('search', 28206, names.search, searchEnv),
  ]);
  scenario = new Scenario(channels, messaging, search);
  await announceUsers([alice]);
  expect((await call(channels.url, alice, 'GET', '/api/v1/channels')).status).toBe(200);
  channel = await scenario.createChannel(alice);
  await scenario.post(alice, channel.id, `before the outage ${run}`);
  await scenario.expectFound(alice, run, channel.id, [`before the outage ${run}`]);
}, 120_000);

afterAll(async () => {
  await proxy.cut();
  await Promise.all([channels?.stop(), messaging?.stop(), scenario?.search.stop()]);
  await dropSchemas(Object.values(names));
  await dropIndices(prefix);
}, 60_000);

describe('an OpenSearch outage', () => {
  it('answers 503 problem+json while messaging keeps posting, then indexes what was posted', async () => {
    await proxy.cut();
    const refused = await scenario.find(alice, run, channel.id);
    expect(refused.status).toBe(503);
    expect(refused.type).toContain(PROBLEM_CONTENT_TYPE);
    expect(refused.body).toMatchObject({ status: 503, type: expect.stringContaining('search-unavailable') });
    expect(refused.headers.get('retry-after')).toBe('5');
    expect((await call(scenario.search.url, null, 'GET', '/ready')).status).toBe(503);

    await scenario.post(alice, channel.id, `during the outage ${run}`);
    await proxy.open();
    await scenario.expectFound(alice, run, channel.id, [
      `before the outage ${run}`,
      `during the outage ${run}`,
    ]);
  }, 90_000);

  it('catches up from Kafka when the indexer restarts during the outage', async () => {
    await proxy.cut();
    await scenario.post(alice, channel.id, `unwritten when stopped ${run}`);
    // Give the indexer time to take the event and fail to write it, then stop it: nothing committed.
    await new Promise((resolve) => setTimeout(resolve, 7000));
    await scenario.search.stop();
    await proxy.open();
    scenario.search = await startService('search', 28206, names.search, searchEnv, false);
    await scenario.expectFound(alice, run, channel.id, [
      `before the outage ${run}`,
      `during the outage ${run}`,
      `unwritten when stopped ${run}`,
    ]);
  }, 120_000);
});
