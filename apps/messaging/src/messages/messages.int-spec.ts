import { PROBLEM_CONTENT_TYPE, Topics, parseEnvelope } from '@colink/contracts';
import { TopicReader, accessLines, requestCount, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { BuiltService, TestUser, announceUser, call, kafka, makeUser } from '../testing/harness';

const run = randomUUID().slice(0, 8);
const channels = new BuiltService('channels', 14102, run);
const METRICS_PORT = 27103;
const messaging = new BuiltService('messaging', 14103, run, {
  METRICS_PORT: String(METRICS_PORT),
  LOG_LEVEL: 'info', // its access log is read below
});
const reader = new TopicReader(kafka());

const alice = makeUser('alice');
const bob = makeUser('bob');
const carol = makeUser('carol');
const mod = makeUser('mod', ['moderator']);
const eve = makeUser('eve');

const ch = (user: TestUser | null, method: string, path: string, body?: unknown) =>
  call(channels.url, user, method, `/api/v1${path}`, body);
const msg = (user: TestUser | null, method: string, path: string, body?: unknown) =>
  call(messaging.url, user, method, `/api/v1${path}`, body);

async function createChannel(owner: TestUser, isPrivate: boolean, members: TestUser[] = []): Promise<string> {
  const created = await ch(owner, 'POST', '/channels', {
    name: `c-${randomUUID().slice(0, 12)}`,
    is_private: isPrivate,
  });
  expect(created.status).toBe(201);
  for (const member of members) {
    const added = await ch(owner, 'POST', `/channels/${created.body.id}/members`, { user_id: member.sub });
    expect(added.status).toBe(201);
  }
  // Messaging learns of the channel and its members from Kafka.
  await messaging.waitForMembers(
    created.body.id,
    [owner, ...members].map((user) => user.sub),
  );
  return created.body.id as string;
}

async function post(user: TestUser, channelId: string, content: string, extra: object = {}) {
  return msg(user, 'POST', `/channels/${channelId}/messages`, { content, ...extra });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON
function expectProblem(reply: { status: number; type: string | null; body: any }, status: number) {
  expect(reply.status).toBe(status);
  expect(reply.type).toContain(PROBLEM_CONTENT_TYPE);
  expect(reply.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
}

beforeAll(async () => {
  await Promise.all([channels.start(), messaging.start()]);
  await reader.start([Topics.MessageCreated, Topics.ReactionAdded, Topics.ChannelMemberRemoved]);
  for (const user of [alice, bob, carol, mod, eve]) {
    await announceUser(user);
    expect((await ch(user, 'GET', '/channels')).status).toBe(200); // first sign-in
  }
}, 120_000);

afterAll(async () => {
  await reader.close();
  await Promise.all([channels.stop(), messaging.stop()]);
  await Promise.all([channels.dropSchema(), messaging.dropSchema()]);
}, 60_000);

describe('posting', () => {
  it('gives 50 concurrent posts to one channel 50 distinct consecutive seqs', async () => {
    const channelId = await createChannel(alice, false, [bob]);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(i % 2 ? alice : bob, channelId, `message ${i}`)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(201));
    const seqs = replies.map((r) => r.body.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const history = await msg(alice, 'GET', `/channels/${channelId}/messages?limit=200`);
    expect(history.body.items.map((m: { seq: number }) => m.seq)).toEqual(seqs);
    expect(history.body.next_cursor).toBeNull();
  });

  it('commits concurrent posts to several channels together: gap-free seqs, each event once on Kafka in seq order', async () => {
    const [first, second] = [
      await createChannel(alice, false, [bob]),
      await createChannel(bob, true, [alice]),
    ];
    // Posts that arrive together are written as a group, by one statement; posts refused meanwhile
    // (eve is not a member of the private channel) fail alone and take no seq.
    const sends = Array.from({ length: 120 }, (_, i) => ({
      author: i % 3 ? alice : bob,
      channelId: i % 2 ? first : second,
      content: `group ${i}`,
    }));
    const [replies, refused] = await Promise.all([
      Promise.all(sends.map((send) => post(send.author, send.channelId, send.content))),
      Promise.all(Array.from({ length: 5 }, () => post(eve, second, 'not mine'))),
    ]);
    expect(replies.map((r) => r.status)).toEqual(Array(120).fill(201));
    for (const reply of refused) expectProblem(reply, 404);
    for (const channelId of [first, second]) {
      const mine = replies.filter((r) => r.body.channel_id === channelId);
      const seqs = mine.map((r) => r.body.seq as number).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const onKafka = () =>
        reader
          .envelopes<{ data: { id: string; channel_id: string; seq: number } }>(Topics.MessageCreated)
          .filter((envelope) => envelope.data.channel_id === channelId);
      await waitFor(`60 events of ${channelId} on Kafka`, () => onKafka().length >= 60);
      await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would arrive by now
      expect(onKafka().map((envelope) => envelope.data.seq)).toEqual(seqs);
      expect(new Set(onKafka().map((envelope) => envelope.data.id))).toEqual(
        new Set(mine.map((r) => r.body.id as string)),
      );
      const history = await msg(alice, 'GET', `/channels/${channelId}/messages?limit=100`);
      expect(history.body.items.map((m: { content: string }) => m.content).sort()).toEqual(
        mine.map((r) => r.body.content as string).sort(),
      );
    }
  });

  it('publishes posts and replies written together in one channel once each, in seq order, with gap-free revs', async () => {
    const channelId = await createChannel(alice, false, [bob]);
    const root = await post(alice, channelId, 'root');
    expect(root.status).toBe(201);
    // Top-level posts are written in groups and their events handed to the relay as committed;
    // replies are written by a transaction of their own (message.created, then message.updated of
    // the root) and reach the relay by a read of the outbox. Both take the channel's seqs and revs.
    const sends = Array.from({ length: 90 }, (_, i) =>
      i % 3 === 0
        ? post(bob, channelId, `reply ${i}`, { thread_root_id: root.body.id })
        : post(i % 2 ? alice : bob, channelId, `top ${i}`),
    );
    const replies = await Promise.all(sends);
    expect(replies.map((r) => r.status)).toEqual(Array(90).fill(201));
    const seqs = [root, ...replies].map((r) => r.body.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 91 }, (_, i) => i + 1));
    const onKafka = () =>
      reader
        .envelopes<{ rev: number; data: { id: string; channel_id: string; seq: number } }>(
          Topics.MessageCreated,
        )
        .filter((envelope) => envelope.data.channel_id === channelId);
    await waitFor(`91 events of ${channelId} on Kafka`, () => onKafka().length >= 91);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would arrive by now
    expect(onKafka().map((envelope) => envelope.data.seq)).toEqual(seqs);
    const revs = onKafka().map((envelope) => envelope.rev);
    expect(revs).toEqual([...revs].sort((a, b) => a - b));
    // Every change of the channel (91 message.created, 30 message.updated of the root): revs 1..121.
    const changes: Array<{ rev: number; type: string }> = [];
    for (let after = 0; ;) {
      const page = await msg(alice, 'GET', `/channels/${channelId}/changes?after_rev=${after}&limit=100`);
      expect(page.status).toBe(200);
      changes.push(...page.body.items);
      if (page.body.items.length < 100) break;
      after = changes[changes.length - 1].rev;
    }
    expect(changes.map((change) => change.rev)).toEqual(Array.from({ length: 121 }, (_, i) => i + 1));
    const created = changes.filter((change) => change.type === Topics.MessageCreated);
    expect(created.map((change) => change.rev)).toEqual(revs);
  });

  it('writes a group one by one when its statement fails: the others 201 with gap-free seqs, the bad post 422', async () => {
    const channelId = await createChannel(alice, false, [bob]);
    // A lone surrogate passes JSON and the schema but not Postgres' text: only the group's statement
    // sees it, fails, and the group's posts are written one at a time instead.
    const bad = 'half an emoji \ud83d';
    const sends = Array.from({ length: 40 }, (_, i) => (i === 20 ? bad : `fallback ${i}`));
    const replies = await Promise.all(
      sends.map((content, i) => post(i % 2 ? alice : bob, channelId, content)),
    );
    expectProblem(replies[20], 422);
    expect(replies[20].body.errors).toEqual([{ field: 'content', message: expect.any(String) }]);
    const good = replies.filter((_, i) => i !== 20);
    expect(good.map((r) => r.status)).toEqual(Array(39).fill(201));
    const seqs = good.map((r) => r.body.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
    const history = await msg(alice, 'GET', `/channels/${channelId}/messages?limit=100`);
    expect(history.body.items.map((m: { seq: number }) => m.seq)).toEqual(seqs);
    expect(history.body.items.map((m: { content: string }) => m.content).sort()).toEqual(
      sends.filter((_, i) => i !== 20).sort(),
    );
    const onKafka = () =>
      reader
        .envelopes<{ data: { channel_id: string; seq: number } }>(Topics.MessageCreated)
        .filter((envelope) => envelope.data.channel_id === channelId);
    await waitFor(`39 events of ${channelId} on Kafka`, () => onKafka().length >= 39);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would arrive by now
    expect(onKafka().map((envelope) => envelope.data.seq)).toEqual(seqs);
  });

  it('times and access-logs posts under their route template, answered or refused', async () => {
    const timed = (status: number) =>
      requestCount(`http://127.0.0.1:${METRICS_PORT}/metrics`, {
        method: 'POST',
        route: '/api/v1/channels/:id/messages',
        status,
      });
    const channelId = await createChannel(alice, false);
    const [created, missing] = [await timed(201), await timed(404)];
    expect((await post(alice, channelId, 'timed')).status).toBe(201);
    expectProblem(await post(alice, randomUUID(), 'nowhere'), 404);
    expect(await timed(201)).toBe(created + 1);
    expect(await timed(404)).toBe(missing + 1);
    const logged = await waitFor('the two posts in the access log', () => {
      const lines = accessLines(messaging.output).filter((line) => line.req?.url?.endsWith('/messages'));
      return lines.length >= 2 ? lines : undefined;
    });
    expect(logged.find((line) => line.req?.url === `/api/v1/channels/${channelId}/messages`)).toMatchObject({
      res: { status_code: 201 },
      request_id: expect.any(String),
    });
    expect(logged.some((line) => line.res?.status_code === 404)).toBe(true);
  });

  it('answers a message in the shape of the contract, and publishes it keyed by channel', async () => {
    const channelId = await createChannel(alice, false);
    const posted = await post(alice, channelId, 'hello **world**');
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({
      channel_id: channelId,
      seq: 1,
      user_id: alice.sub,
      content: 'hello **world**',
      thread_root_id: null,
      reply_count: 0,
      last_reply_at: null,
      reactions: [],
      files: [],
      mentions: [],
      edited_at: null,
      deleted_at: null,
    });
    const record = await waitFor('message.created on Kafka', () =>
      reader.records.find((r) => r.topic === Topics.MessageCreated && r.value?.includes(posted.body.id)),
    );
    expect(record.key).toBe(channelId);
    const parsed = parseEnvelope(Topics.MessageCreated, record.value!);
    expect(parsed.ok && parsed.envelope.data.id).toBe(posted.body.id);
    expect(parsed.ok && parsed.envelope.actor_id).toBe(alice.sub);
  });

  it('pages history by before_seq, after_seq and cursor, always ascending', async () => {
    const channelId = await createChannel(alice, false);
    for (let i = 1; i <= 7; i += 1) expect((await post(alice, channelId, `m${i}`)).status).toBe(201);
    const seqsOf = (r: { body: { items: Array<{ seq: number }> } }) => r.body.items.map((m) => m.seq);
    const latest = await msg(alice, 'GET', `/channels/${channelId}/messages?limit=3`);
    expect(seqsOf(latest)).toEqual([5, 6, 7]);
    const older = await msg(
      alice,
      'GET',
      `/channels/${channelId}/messages?limit=3&cursor=${latest.body.next_cursor}`,
    );
    expect(seqsOf(older)).toEqual([2, 3, 4]);
    const oldest = await msg(
      alice,
      'GET',
      `/channels/${channelId}/messages?limit=3&cursor=${older.body.next_cursor}`,
    );
    expect(seqsOf(oldest)).toEqual([1]);
    expect(oldest.body.next_cursor).toBeNull();
    const after = await msg(alice, 'GET', `/channels/${channelId}/messages?after_seq=2&limit=2`);
    expect(seqsOf(after)).toEqual([3, 4]);
    const next = await msg(
      alice,
      'GET',
      `/channels/${channelId}/messages?limit=2&cursor=${after.body.next_cursor}`,
    );
    expect(seqsOf(next)).toEqual([5, 6]);
    expect(seqsOf(await msg(alice, 'GET', `/channels/${channelId}/messages?before_seq=3`))).toEqual([1, 2]);
    expectProblem(await msg(alice, 'GET', `/channels/${channelId}/messages?cursor=bogus`), 400);
    expectProblem(await msg(alice, 'GET', `/channels/${channelId}/messages?limit=201`), 400);
    expectProblem(await msg(alice, 'GET', `/channels/${channelId}/messages?after_seq=abc`), 400);
  });

  it('refuses bad input with a 4xx problem and leaves history unchanged', async () => {
    const channelId = await createChannel(alice, false);
    expect((await post(alice, channelId, 'the only message')).status).toBe(201);
    const bad: Array<[unknown, number]> = [
      [{ content: '' }, 400],
      [{ content: '   \n ' }, 400],
      [{ content: 'a'.repeat(40_001) }, 400],
      [{ content: 'a\u0000b' }, 400],
      [{ content: 42 }, 400],
      [{ content: ['a'] }, 400],
      [{}, 400],
      [{ content: 'x', unknown_field: true }, 400],
      [{ content: 'x', thread_root_id: 'not-a-uuid' }, 400],
      [{ content: 'x', thread_root_id: randomUUID() }, 422],
      [{ content: 'x', also_send_to_channel: true }, 400],
      [{ content: 'x', file_ids: [randomUUID()] }, 422],
      [{ content: 'x', file_ids: 'nope' }, 400],
      ['{"content": "broken json', 400],
    ];
    for (const [body, status] of bad) {
      const reply = await msg(alice, 'POST', `/channels/${channelId}/messages`, body);
      expectProblem(reply, status);
      if (status === 400 && typeof body === 'object') expect(reply.body.errors?.length).toBeGreaterThan(0);
    }
    expectProblem(await post(alice, 'not-a-uuid', 'x'), 400);
    expectProblem(await post(alice, randomUUID(), 'x'), 404);
    expectProblem(await msg(null, 'POST', `/channels/${channelId}/messages`, { content: 'x' }), 401);
    const history = await msg(alice, 'GET', `/channels/${channelId}/messages`);
    expect(history.body.items.map((m: { content: string }) => m.content)).toEqual(['the only message']);
    // The next good post takes the next seq: refused posts used none.
    expect((await post(alice, channelId, 'a'.repeat(40_000))).body.seq).toBe(2);
  });

  it('refuses posts to an archived channel and keeps its history readable', async () => {
    const channelId = await createChannel(alice, false);
    expect((await post(alice, channelId, 'before archiving')).status).toBe(201);
    const kept = (await post(alice, channelId, 'kept')).body.id as string;
    expect((await ch(alice, 'DELETE', `/channels/${channelId}`)).status).toBe(200);
    // Probe with an idempotent write, so the probing itself adds nothing to history.
    await waitFor(
      'messaging to learn of the archive',
      async () => (await msg(alice, 'PUT', `/messages/${kept}/reactions/eyes`)).status === 409,
      5_000,
      20,
    );
    expectProblem(await post(alice, channelId, 'late'), 409);
    const history = await msg(alice, 'GET', `/channels/${channelId}/messages`);
    expect(history.body.items.map((m: { content: string }) => m.content)).toEqual([
      'before archiving',
      'kept',
    ]);
  });
});

describe('access', () => {
  it('hides a private channel from non-members on every route: 404, never 403', async () => {
    const channelId = await createChannel(alice, true, [bob]);
    const posted = await post(bob, channelId, 'secret');
    expect(posted.status).toBe(201);
    const id = posted.body.id as string;
    const probes: Array<[string, string, unknown?]> = [
      ['GET', `/channels/${channelId}/messages`],
      ['POST', `/channels/${channelId}/messages`, { content: 'let me in' }],
      ['GET', `/messages/${id}`],
      ['PATCH', `/messages/${id}`, { content: 'changed' }],
      ['DELETE', `/messages/${id}`],
      ['GET', `/messages/${id}/replies`],
      ['GET', `/messages/${id}/edits`],
      ['PUT', `/messages/${id}/reactions/thumbsup`],
      ['DELETE', `/messages/${id}/reactions/thumbsup`],
    ];
    for (const [method, path, body] of probes) expectProblem(await msg(eve, method, path, body), 404);
    for (const [method, path, body] of [
      ['GET', `/channels/${channelId}`],
      ['PATCH', `/channels/${channelId}`, { description: 'mine now' }],
      ['DELETE', `/channels/${channelId}`],
      ['POST', `/channels/${channelId}/join`],
      ['POST', `/channels/${channelId}/leave`],
      ['GET', `/channels/${channelId}/members`],
      ['POST', `/channels/${channelId}/members`, { user_id: eve.sub }],
      ['DELETE', `/channels/${channelId}/members/${bob.sub}`],
      ['POST', `/channels/${channelId}/read`, { last_read_seq: 1 }],
    ] as Array<[string, string, unknown?]>)
      expectProblem(await ch(eve, method, path, body), 404);
    expect((await msg(bob, 'GET', `/messages/${id}`)).body.content).toBe('secret');
  });

  it('lets anyone read a public channel but only members post or react: 403', async () => {
    const channelId = await createChannel(alice, false);
    const posted = await post(alice, channelId, 'public words');
    expect((await msg(eve, 'GET', `/channels/${channelId}/messages`)).status).toBe(200);
    expect((await msg(eve, 'GET', `/messages/${posted.body.id}`)).status).toBe(200);
    expectProblem(await post(eve, channelId, 'me too'), 403);
    expectProblem(await msg(eve, 'PUT', `/messages/${posted.body.id}/reactions/thumbsup`), 403);
  });

  it('takes access away from a removed member within a second', async () => {
    const channelId = await createChannel(alice, true, [bob]);
    expect((await post(bob, channelId, 'still here')).status).toBe(201);
    const removedAt = Date.now();
    expect((await ch(alice, 'DELETE', `/channels/${channelId}/members/${bob.sub}`)).status).toBe(204);
    await waitFor(
      'bob to lose access',
      async () => (await msg(bob, 'GET', `/channels/${channelId}/messages`)).status === 404,
      5_000,
      10,
    );
    const took = Date.now() - removedAt;
    expect(took).toBeLessThan(1_000);
    expectProblem(await post(bob, channelId, 'am I?'), 404);
    const history = await msg(alice, 'GET', `/channels/${channelId}/messages`);
    expect(history.body.items.map((m: { content: string }) => m.content)).toEqual(['still here']);
  });
});

describe('threads', () => {
  it('counts replies on the root and keeps them out of channel history unless also sent there', async () => {
    const channelId = await createChannel(alice, false, [bob]);
    const root = (await post(alice, channelId, 'root')).body;
    const r1 = await post(bob, channelId, 'reply 1', { thread_root_id: root.id });
    const r2 = await post(alice, channelId, 'reply 2', {
      thread_root_id: root.id,
      also_send_to_channel: true,
    });
    expect([r1.status, r2.status]).toEqual([201, 201]);
    expect(r1.body.thread_root_id).toBe(root.id);
    const after = (await msg(alice, 'GET', `/messages/${root.id}`)).body;
    expect(after.reply_count).toBe(2);
    expect(after.last_reply_at).not.toBeNull();
    const replies = await msg(alice, 'GET', `/messages/${root.id}/replies`);
    expect(replies.body.items.map((m: { content: string }) => m.content)).toEqual(['reply 1', 'reply 2']);
    const paged = await msg(alice, 'GET', `/messages/${root.id}/replies?after_seq=${r1.body.seq}`);
    expect(paged.body.items.map((m: { content: string }) => m.content)).toEqual(['reply 2']);
    const history = await msg(alice, 'GET', `/channels/${channelId}/messages`);
    expect(history.body.items.map((m: { content: string }) => m.content)).toEqual(['root', 'reply 2']);
    expectProblem(await post(bob, channelId, 'nested', { thread_root_id: r1.body.id }), 422);
    const other = await createChannel(alice, false);
    expectProblem(await post(alice, other, 'elsewhere', { thread_root_id: root.id }), 422);
  });
});

describe('reactions', () => {
  it('are idempotent per user and emoji, and announced once', async () => {
    const channelId = await createChannel(alice, false, [bob]);
    const id = (await post(alice, channelId, 'react to me')).body.id as string;
    expect((await msg(bob, 'PUT', `/messages/${id}/reactions/thumbsup`)).status).toBe(200);
    const twice = await msg(bob, 'PUT', `/messages/${id}/reactions/thumbsup`);
    expect(twice.body.reactions).toEqual([{ emoji: 'thumbsup', count: 1, user_ids: [bob.sub] }]);
    const unicode = await msg(alice, 'PUT', `/messages/${id}/reactions/${encodeURIComponent('👍🏽')}`);
    expect(unicode.status).toBe(200);
    await msg(alice, 'PUT', `/messages/${id}/reactions/thumbsup`);
    const both = (await msg(eve, 'GET', `/messages/${id}`)).body.reactions;
    expect(both).toEqual([
      { emoji: 'thumbsup', count: 2, user_ids: [bob.sub, alice.sub] },
      { emoji: '👍🏽', count: 1, user_ids: [alice.sub] },
    ]);
    expect((await msg(bob, 'DELETE', `/messages/${id}/reactions/thumbsup`)).status).toBe(200);
    const gone = await msg(bob, 'DELETE', `/messages/${id}/reactions/thumbsup`);
    expect(gone.status).toBe(200);
    expect(gone.body.reactions).toContainEqual({ emoji: 'thumbsup', count: 1, user_ids: [alice.sub] });
    expectProblem(
      await msg(bob, 'PUT', `/messages/${id}/reactions/${encodeURIComponent('not an emoji')}`),
      400,
    );
    await waitFor(
      'reaction.added events',
      () =>
        reader.records.filter((r) => r.topic === Topics.ReactionAdded && r.value?.includes(id)).length >= 3,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const added = reader.records.filter((r) => r.topic === Topics.ReactionAdded && r.value?.includes(id));
    expect(added).toHaveLength(3);
  });
});

describe('edits and deletes', () => {
  it('lets only the author edit, and keeps the earlier versions', async () => {
    const channelId = await createChannel(alice, false, [bob]);
    const id = (await post(alice, channelId, 'first')).body.id as string;
    expectProblem(await msg(bob, 'PATCH', `/messages/${id}`, { content: 'hijacked' }), 403);
    expectProblem(await msg(alice, 'PATCH', `/messages/${id}`, { content: '' }), 400);
    expect((await msg(alice, 'PATCH', `/messages/${id}`, { content: 'second' })).status).toBe(200);
    const edited = await msg(alice, 'PATCH', `/messages/${id}`, { content: 'third' });
    expect(edited.body).toMatchObject({ content: 'third', edited_at: expect.any(String) });
    const edits = await msg(bob, 'GET', `/messages/${id}/edits`);
    expect(edits.body.items.map((e: { content: string }) => e.content)).toEqual(['first', 'second']);
    expect(edits.body.next_cursor).toBeNull();
  });

  it('lets the author, a channel admin or a moderator delete, leaving a tombstone in place', async () => {
    const channelId = await createChannel(alice, false, [bob, carol, mod]);
    const byBob = (await post(bob, channelId, 'bob says')).body;
    const byCarol = (await post(carol, channelId, 'carol says')).body;
    const third = (await post(carol, channelId, 'carol again')).body;
    expectProblem(await msg(carol, 'DELETE', `/messages/${byBob.id}`), 403);
    expectProblem(await msg(eve, 'DELETE', `/messages/${byBob.id}`), 403);
    expect((await msg(bob, 'DELETE', `/messages/${byBob.id}`)).status).toBe(204);
    expect((await msg(bob, 'DELETE', `/messages/${byBob.id}`)).status).toBe(204);
    expect((await msg(alice, 'DELETE', `/messages/${byCarol.id}`)).status).toBe(204);
    expect((await msg(mod, 'DELETE', `/messages/${third.id}`)).status).toBe(204);
    const history = (await msg(alice, 'GET', `/channels/${channelId}/messages`)).body.items;
    expect(history.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
    for (const tombstone of history) {
      expect(tombstone.content).toBe('');
      expect(tombstone.deleted_at).not.toBeNull();
    }
    expectProblem(await msg(bob, 'PATCH', `/messages/${byBob.id}`, { content: 'undo' }), 409);
  });
});

describe('mentions and unread counts', () => {
  it('resolves @username, @channel and @here and stores them', async () => {
    const channelId = await createChannel(alice, false, [bob]);
    const posted = await post(
      alice,
      channelId,
      `hi @${bob.username} and @${carol.username.toUpperCase()}, @channel, @here, \`@${eve.username}\`, @nobody-${run}`,
    );
    expect(posted.body.mentions).toEqual([bob.sub, carol.sub]);
    expect(posted.body.mentions_channel).toBe(true);
    expect(posted.body.mentions_here).toBe(true);
    expect((await msg(alice, 'GET', `/messages/${posted.body.id}`)).body.mentions).toEqual([
      bob.sub,
      carol.sub,
    ]);
  });

  it('counts unread messages and mentions per joined channel until read', async () => {
    const channelId = await createChannel(alice, false, [bob]);
    await post(bob, channelId, 'my own message does not count');
    await post(alice, channelId, 'one');
    await post(alice, channelId, `two for @${bob.username}`);
    const last = (await post(alice, channelId, 'three')).body;
    // Posting marks the channel read for the author: alice has nothing unread.
    const joined = async (user: TestUser) =>
      (await ch(user, 'GET', '/channels?scope=joined&limit=200')).body.items.find(
        (c: { id: string }) => c.id === channelId,
      );
    const state = await waitFor('the counts to follow', async () => {
      const c = await joined(bob);
      return c.last_seq === 4 ? c : undefined;
    });
    expect(state).toMatchObject({ unread_count: 3, mention_count: 1, last_seq: 4 });
    expect(await joined(alice)).toMatchObject({ unread_count: 0, mention_count: 0, last_read_seq: 4 });
    const read = await ch(bob, 'POST', `/channels/${channelId}/read`, { last_read_seq: last.seq });
    expect(read.body).toMatchObject({ last_read_seq: 4, unread_count: 0, mention_count: 0 });
    expect(await joined(bob)).toMatchObject({ unread_count: 0, mention_count: 0, last_read_seq: 4 });
    // Marking back to seq 2 makes "two" (the mention) and "three" unread again.
    const back = await ch(bob, 'POST', `/channels/${channelId}/read`, { last_read_seq: 2 });
    expect(back.body).toMatchObject({ unread_count: 2, mention_count: 1 });
    expectProblem(await ch(bob, 'POST', `/channels/${channelId}/read`, { last_read_seq: -1 }), 400);
    expectProblem(await ch(bob, 'POST', `/channels/${channelId}/read`, { last_read_seq: 'x' }), 400);
  });
});

describe('DMs', () => {
  it('gives the same set of people the same DM, and keeps it to them', async () => {
    const first = await ch(alice, 'POST', '/dms', { user_ids: [bob.sub] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ type: 'dm', member_count: 2, is_member: true });
    const again = await ch(alice, 'POST', '/dms', { user_ids: [bob.sub, alice.sub] });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect((await ch(bob, 'POST', '/dms', { user_ids: [alice.sub] })).body.id).toBe(first.body.id);
    const group = await ch(alice, 'POST', '/dms', { user_ids: [bob.sub, carol.sub] });
    expect(group.status).toBe(201);
    expect(group.body.id).not.toBe(first.body.id);
    expect(group.body.member_count).toBe(3);
    expect((await ch(carol, 'POST', '/dms', { user_ids: [bob.sub, alice.sub] })).body.id).toBe(group.body.id);

    const dmId = first.body.id as string;
    await waitFor('messaging to know the DM', async () => (await post(bob, dmId, 'hi alice')).status === 201);
    expectProblem(await msg(eve, 'GET', `/channels/${dmId}/messages`), 404);
    expectProblem(await ch(eve, 'GET', `/channels/${dmId}`), 404);
    expectProblem(await ch(alice, 'POST', `/channels/${dmId}/leave`), 409);
    expectProblem(await ch(alice, 'POST', `/channels/${dmId}/members`, { user_id: carol.sub }), 409);
    const dmState = await waitFor('the DM to count as a mention', async () => {
      const c = (await ch(alice, 'GET', '/channels?scope=joined&limit=200')).body.items.find(
        (c: { id: string }) => c.id === dmId,
      );
      return c?.unread_count === 1 ? c : undefined;
    });
    expect(dmState.mention_count).toBe(1);
  });

  it('refuses DMs of one person, more than eight, or people CoLink does not know', async () => {
    expectProblem(await ch(alice, 'POST', '/dms', { user_ids: [alice.sub] }), 422);
    expectProblem(await ch(alice, 'POST', '/dms', { user_ids: [] }), 400);
    const many = Array.from({ length: 8 }, () => randomUUID());
    expectProblem(await ch(alice, 'POST', '/dms', { user_ids: many }), 422);
    expectProblem(await ch(alice, 'POST', '/dms', { user_ids: ['nope'] }), 400);
    const unknown = await ch(alice, 'POST', '/dms', { user_ids: [randomUUID()] });
    expectProblem(unknown, 422);
    expect(unknown.body.errors).toEqual([{ field: 'user_ids.0', message: 'is not a known user' }]);
  });
});
