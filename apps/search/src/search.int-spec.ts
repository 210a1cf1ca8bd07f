import { PROBLEM_CONTENT_TYPE, Topics } from '@colink/contracts';
import { ServiceProcess, TopicReader, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import {
  TestUser,
  announceUsers,
  call,
  dropIndices,
  dropSchemas,
  kafka,
  makeUser,
  publish,
  republish,
  startAll,
  startService,
} from './testing/harness';

const run = randomUUID().slice(0, 8);
const prefix = `colink-it-${run}`;
const names = {
  channels: `channels-si-${run}`,
  messaging: `messaging-si-${run}`,
  search: `search-si-${run}`,
};
let channels: ServiceProcess;
let messaging: ServiceProcess;
let search: ServiceProcess;
const reader = new TopicReader(kafka());

const alice = makeUser('alice');
const bob = makeUser('bob');
const carol = makeUser('carol');

const ch = (user: TestUser, method: string, path: string, body?: unknown) =>
  call(channels.url, user, method, `/api/v1${path}`, body);
const msg = (user: TestUser, method: string, path: string, body?: unknown) =>
  call(messaging.url, user, method, `/api/v1${path}`, body);
const find = (user: TestUser, params: Record<string, string>, kind: 'messages' | 'files' = 'messages') =>
  call(search.url, user, 'GET', `/api/v1/search/${kind}?${new URLSearchParams(params)}`);

interface Hit {
  message: { id: string; content: string; channel_id: string };
  highlights: string[];
}
const contents = (body: { items: Hit[] }) => body.items.map((hit) => hit.message.content);

async function createChannel(owner: TestUser, isPrivate: boolean, members: TestUser[] = []) {
  const name = `s-${randomUUID().slice(0, 10)}`;
  const created = await ch(owner, 'POST', '/channels', { name, is_private: isPrivate });
  expect(created.status).toBe(201);
  for (const member of members)
    expect(
      (await ch(owner, 'POST', `/channels/${created.body.id}/members`, { user_id: member.sub })).status,
    ).toBe(201);
  return { id: created.body.id as string, name };
}

/** Posts once messaging's projection has caught up with the channel (and any files). */
async function post(user: TestUser, channelId: string, content: string, extra: object = {}) {
  return waitFor(`post "${content}"`, async () => {
    const reply = await msg(user, 'POST', `/channels/${channelId}/messages`, { content, ...extra });
    return reply.status === 201 ? (reply.body as { id: string; created_at: string }) : undefined;
  });
}

/** Waits until a search by `user` returns exactly `expected` (message contents, any order). */
async function expectSearch(user: TestUser, params: Record<string, string>, expected: string[]) {
  let last: unknown;
  await waitFor(
    `search ${JSON.stringify(params)} to return ${JSON.stringify(expected)}`,
    async () => {
      const reply = await find(user, params);
      last = reply.status === 200 ? contents(reply.body) : reply.body;
      if (reply.status !== 200) return false;
      const got = contents(reply.body).sort();
      return JSON.stringify(got) === JSON.stringify([...expected].sort()) ? reply : false;
    },
    30_000,
    500,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last answer: ${JSON.stringify(last)}\n${search.output.slice(-3000)}`);
  });
}

function expectProblem(
  reply: { status: number; type: string | null; body: { status: number } },
  status: number,
) {
  expect(reply.status).toBe(status);
  expect(reply.type).toContain(PROBLEM_CONTENT_TYPE);
  expect(reply.body.status).toBe(status);
}

let pub: { id: string; name: string };
let secret: { id: string; name: string };
let other: { id: string; name: string };
const fileId = randomUUID();
const today = new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const FIXTURES = {
  kube: 'we shipped the kubernetes deployment today',
  stem: 'the nightly builds were failing again',
  cjk: '東京都でデプロイしました',
  code: 'set user_id before calling foo.bar() in the handler',
  codeDecoy: 'the user has an id and foo is not bar',
  phrase: 'please do a rolling restart of the api',
  phraseDecoy: 'restart is rolling out slowly',
  bobs: 'bob says the release train leaves at noon',
  withFile: 'attached the quarterly numbers',
  secret: 'confidential kubernetes zebra plan',
  publicZebra: 'the zebra crossing near the office',
};

beforeAll(async () => {
  [channels, messaging, search] = await startAll([
    startService('channels', 28102, names.channels),
    startService('messaging', 28103, names.messaging),
    startService('search', 28106, names.search, {
      SEARCH_INDEX_PREFIX: prefix,
      CHANNELS_URL: 'http://127.0.0.1:28102',
    }),
  ]);
  await reader.start([Topics.MessageCreated]);
  await announceUsers([alice, bob, carol]);
  for (const user of [alice, bob, carol]) expect((await ch(user, 'GET', '/channels')).status).toBe(200);

  pub = await createChannel(alice, false, [bob]);
  other = await createChannel(alice, false, [bob]);
  secret = await createChannel(alice, true, [carol]);
  const file = { file_id: fileId, channel_id: pub.id, uploader_id: alice.sub };
  await publish(Topics.FileUploaded, [
    { ...file, filename: 'quarterly-report-2025.pdf', content_type: 'application/pdf', size_bytes: 1234 },
  ]);
  await publish(Topics.FileScanned, [{ ...file, scan_status: 'clean', signature: null }]);
  const secretFile = { file_id: randomUUID(), channel_id: secret.id, uploader_id: alice.sub };
  await publish(Topics.FileUploaded, [
    { ...secretFile, filename: 'zebra-secret-plan.pdf', content_type: 'application/pdf', size_bytes: 99 },
  ]);
  await publish(Topics.FileScanned, [{ ...secretFile, scan_status: 'clean', signature: null }]);
  const infected = { file_id: randomUUID(), channel_id: pub.id, uploader_id: alice.sub };
  await publish(Topics.FileUploaded, [
    {
      ...infected,
      filename: 'quarterly-virus.exe',
      content_type: 'application/octet-stream',
      size_bytes: 68,
    },
  ]);
  await publish(Topics.FileScanned, [
    { ...infected, scan_status: 'infected', signature: 'Eicar-Test-Signature' },
  ]);

  for (const key of [
    'kube',
    'stem',
    'cjk',
    'code',
    'codeDecoy',
    'phrase',
    'phraseDecoy',
    'withFile',
  ] as const)
    if (key !== 'withFile') await post(alice, pub.id, FIXTURES[key]);
  await post(alice, pub.id, FIXTURES.withFile, { file_ids: [fileId] });
  await post(bob, pub.id, FIXTURES.bobs);
  await post(alice, secret.id, FIXTURES.secret);
  await post(bob, other.id, FIXTURES.publicZebra);
  // Everything above is searchable once the last post is.
  await expectSearch(alice, { q: 'zebra' }, [FIXTURES.secret, FIXTURES.publicZebra]);
}, 180_000);

afterAll(async () => {
  await reader.close();
  await Promise.all([channels?.stop(), messaging?.stop(), search?.stop()]);
  await dropSchemas(Object.values(names));
  await dropIndices(prefix);
}, 60_000);

describe('matching', () => {
  it('finds a word by its start (kube -> kubernetes) and its middle (netes)', async () => {
    for (const q of ['kube', 'netes', 'KUBERNETES'])
      expect(contents((await find(bob, { q, channel_id: pub.id })).body)).toEqual([FIXTURES.kube]);
  });

  it('finds deploy in deployment and fail in failing (English stemming)', async () => {
    expect(contents((await find(bob, { q: 'deploy', channel_id: pub.id })).body)).toEqual([FIXTURES.kube]);
    expect(contents((await find(bob, { q: 'failed build', channel_id: pub.id })).body)).toEqual([
      FIXTURES.stem,
    ]);
  });

  it('finds Japanese by a word inside a sentence written without spaces', async () => {
    expect(contents((await find(bob, { q: '東京', channel_id: pub.id })).body)).toEqual([FIXTURES.cjk]);
    expect(contents((await find(bob, { q: 'デプロイ', channel_id: pub.id })).body)).toEqual([FIXTURES.cjk]);
  });

  it('finds code tokens as written: user_id and foo.bar(), not their words apart', async () => {
    expect(contents((await find(bob, { q: 'user_id', channel_id: pub.id })).body)).toEqual([FIXTURES.code]);
    expect(contents((await find(bob, { q: 'foo.bar()', channel_id: pub.id })).body)).toEqual([FIXTURES.code]);
  });

  it('matches a quoted phrase only with its words together, in order', async () => {
    const reply = await find(bob, { q: '"rolling restart"', channel_id: pub.id });
    expect(contents(reply.body)).toEqual([FIXTURES.phrase]);
    expect(reply.body.items[0].highlights.join(' ')).toContain('<mark>rolling</mark> <mark>restart</mark>');
  });

  it('highlights the matched word, HTML-escaped', async () => {
    const reply = await find(bob, { q: 'kube', channel_id: pub.id });
    expect(reply.body.items[0].highlights).toEqual([
      'we shipped the <mark>kubernetes</mark> deployment today',
    ]);
  });
});

describe('modifiers', () => {
  it('in:#channel narrows to one channel', async () => {
    const reply = await find(bob, { q: `zebra in:#${other.name}` });
    expect(contents(reply.body)).toEqual([FIXTURES.publicZebra]);
  });

  it('from:@user narrows to one author (by name or id)', async () => {
    expect(contents((await find(alice, { q: `from:@${bob.username} in:#${pub.name}` })).body)).toEqual([
      FIXTURES.bobs,
    ]);
    expect(contents((await find(alice, { q: 'release', from: bob.sub, channel_id: pub.id })).body)).toEqual([
      FIXTURES.bobs,
    ]);
    expect((await find(alice, { q: `release from:@${alice.username}`, channel_id: pub.id })).body.total).toBe(
      0,
    );
  });

  it('before: and after: take whole days', async () => {
    const q = 'kubernetes';
    const hits = async (extra: string) =>
      (await find(bob, { q: `${q} ${extra}`, channel_id: pub.id })).body.total;
    expect(await hits(`before:${dayOffset(1)}`)).toBe(1);
    expect(await hits(`before:${today}`)).toBe(0);
    expect(await hits(`after:${dayOffset(-1)}`)).toBe(1);
    expect(await hits(`after:${today}`)).toBe(0);
  });

  it('has:file keeps messages with attachments', async () => {
    expect(contents((await find(bob, { q: `has:file in:#${pub.name}` })).body)).toEqual([FIXTURES.withFile]);
    expect(
      contents((await find(bob, { q: 'quarterly', has_file: 'true', channel_id: pub.id })).body),
    ).toEqual([FIXTURES.withFile]);
  });

  it('pages with a cursor, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const params: Record<string, string> = { q: `in:#${pub.name}`, limit: '3' };
      if (cursor) params.cursor = cursor;
      const reply = await find(bob, params);
      expect(reply.status).toBe(200);
      total = reply.body.total;
      seen.push(...reply.body.items.map((hit: Hit) => hit.message.id));
      cursor = reply.body.next_cursor;
    } while (cursor);
    expect(total).toBe(9);
    expect(new Set(seen).size).toBe(9);
  });
});

describe('permissions', () => {
  it('never shows a private channel’s message to a non-member: not in hits, counts or highlights', async () => {
    const bobs = await find(bob, { q: 'zebra' });
    expect(contents(bobs.body)).toEqual([FIXTURES.publicZebra]);
    expect(bobs.body.total).toBe(1);
    expect(JSON.stringify(bobs.body)).not.toContain('confidential');
    const named = await find(bob, { q: `zebra in:#${secret.name}` });
    expect(named.body).toEqual({ items: [], total: 0, next_cursor: null });
    const byId = await find(bob, { q: 'zebra', channel_id: secret.id });
    expect(byId.body.total).toBe(0);
    // Members do see it.
    expect(contents((await find(carol, { q: 'zebra', channel_id: secret.id })).body)).toEqual([
      FIXTURES.secret,
    ]);
  });

  it('keeps private file results from non-members and infected files from everyone', async () => {
    const bobs = await find(bob, { q: 'zebra plan' }, 'files');
    expect(bobs.body.total).toBe(0);
    const carols = await find(carol, { q: 'zebra plan' }, 'files');
    expect(carols.body.items.map((hit: { file: { filename: string } }) => hit.file.filename)).toEqual([
      'zebra-secret-plan.pdf',
    ]);
    const quarterly = await find(bob, { q: 'quarterly', channel_id: pub.id }, 'files');
    expect(quarterly.body.items).toEqual([
      {
        file: expect.objectContaining({
          id: fileId,
          filename: 'quarterly-report-2025.pdf',
          scan_status: 'clean',
        }),
        highlights: [expect.stringContaining('<mark>quarterly</mark>')],
      },
    ]);
  });

  it('stops showing a private channel to a member once removed', async () => {
    expect((await ch(alice, 'DELETE', `/channels/${secret.id}/members/${carol.sub}`)).status).toBeLessThan(
      300,
    );
    await expectSearch(carol, { q: 'zebra confidential' }, []);
  });
});

describe('changes', () => {
  it('reflects an edit and a delete, and a replayed creation changes nothing', async () => {
    const channel = await createChannel(alice, false);
    const posted = await post(alice, channel.id, `alpha ${run} original`);
    await expectSearch(alice, { q: `alpha ${run}`, channel_id: channel.id }, [`alpha ${run} original`]);
    expect(
      (await msg(alice, 'PATCH', `/messages/${posted.id}`, { content: `omega ${run} edited` })).status,
    ).toBe(200);
    await expectSearch(alice, { q: `omega ${run}`, channel_id: channel.id }, [`omega ${run} edited`]);
    expect((await find(alice, { q: `alpha ${run}`, channel_id: channel.id })).body.total).toBe(0);

    // The creation event again, as a replay delivers it: still the edited text.
    const created = reader.records.filter(
      (record) => record.topic === Topics.MessageCreated && record.value?.includes(posted.id),
    );
    expect(created).toHaveLength(1);
    await republish(Topics.MessageCreated, created);
    await post(alice, channel.id, `marker ${run}`);
    await expectSearch(alice, { q: `marker ${run}`, channel_id: channel.id }, [`marker ${run}`]);
    expect(contents((await find(alice, { q: `omega ${run}`, channel_id: channel.id })).body)).toEqual([
      `omega ${run} edited`,
    ]);
    expect((await find(alice, { q: `alpha ${run}`, channel_id: channel.id })).body.total).toBe(0);

    expect((await msg(alice, 'DELETE', `/messages/${posted.id}`)).status).toBeLessThan(300);
    await expectSearch(alice, { q: `omega ${run}`, channel_id: channel.id }, []);
  });
});

describe('bad queries', () => {
  it.each([
    [{ q: '"unclosed' }, 'q'],
    [{ q: 'before:2025-02-30' }, 'q'],
    [{ q: 'has:link' }, 'q'],
    [{ q: 'x', limit: '' }, 'limit'],
    [{ q: 'x', limit: '0' }, 'limit'],
    [{ q: 'x', before: 'yesterday' }, 'before'],
    [{ q: 'x', cursor: 'not-a-cursor' }, 'cursor'],
    [{ q: 'x', channel_id: 'nope' }, 'channel_id'],
    [{ q: 'x', unknown: '1' }, 'unknown'],
  ])('answers 400 problem+json for %j', async (params, field) => {
    const reply = await find(alice, params as Record<string, string>);
    expectProblem(reply, 400);
    expect(reply.body.errors.map((e: { field: string }) => e.field).join(',')).toContain(field);
  });

  it('answers 401 without an identity', async () => {
    const reply = await call(search.url, null, 'GET', '/api/v1/search/messages?q=x');
    expectProblem(reply, 401);
  });
});
