import { PROBLEM_CONTENT_TYPE } from '@colink/contracts';
import { IDENTITY_HEADER, signIdentity } from '@colink/platform';
import { seekGroupToEnd, stackEnv } from '@colink/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../app.module';
import { loadChannelsConfig } from '../config';

const run = randomUUID().slice(0, 8);
const secret = `int-test-${randomUUID()}`;
const config = loadChannelsConfig({
  ...process.env,
  INTERNAL_AUTH_SECRET: secret,
  DATABASE_SCHEMA: `channels_it_${run}`,
  SERVICE_NAME: `channels-it-${run}`,
  LOG_LEVEL: 'warn',
});

interface User {
  sub: string;
  username: string;
  roles: string[];
}
const user = (name: string, roles: string[] = []): User => ({
  sub: randomUUID(),
  username: `${name}${run}`,
  roles: ['member', ...roles],
});
const owner = user('owner');
const admin = user('admin');
const member = user('member');
const outsider = user('outsider');
const moderator = user('moderator', ['moderator']);

let app: INestApplication;
const as = (who: User) => {
  const header = () =>
    signIdentity({ sub: who.sub, username: who.username, email: null, name: null, roles: who.roles }, secret);
  const agent = () => request(app.getHttpServer());
  return {
    get: (path: string) => agent().get(`/api/v1${path}`).set(IDENTITY_HEADER, header()),
    post: (path: string, body?: object) =>
      agent().post(`/api/v1${path}`).set(IDENTITY_HEADER, header()).send(body),
    patch: (path: string, body: object) =>
      agent().patch(`/api/v1${path}`).set(IDENTITY_HEADER, header()).send(body),
    delete: (path: string) => agent().delete(`/api/v1${path}`).set(IDENTITY_HEADER, header()),
  };
};

/** The consumer group starts at the topics' end rather than replaying their history. */

function expectProblem(response: request.Response, status: number, code?: string) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
  if (code) expect(response.body.type).toMatch(new RegExp(`/${code}$`));
}

beforeAll(async () => {
  await seekGroupToEnd(`colink-${config.SERVICE_NAME}`);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  for (const who of [owner, admin, member, outsider, moderator])
    expect((await as(who).get('/channels')).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await app?.close();
  const client = new Client({ connectionString: stackEnv.databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${config.DATABASE_SCHEMA}" CASCADE`);
  await client.end();
});

const name = () => `c-${randomUUID().slice(0, 10)}`;

describe('channels', () => {
  it('creates a channel with its creator as owner, and refuses a taken or malformed name', async () => {
    const channelName = name();
    const created = await as(owner).post('/channels', {
      name: channelName,
      description: 'd',
      is_private: false,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: channelName,
      description: 'd',
      type: 'public',
      created_by: owner.sub,
      archived_at: null,
      member_count: 1,
      role: 'owner',
      unread_count: 0,
      mention_count: 0,
      last_read_seq: 0,
      last_seq: 0,
    });
    expectProblem(
      await as(member).post('/channels', { name: channelName, is_private: true }),
      409,
      'channel-name-taken',
    );
    for (const bad of [
      { name: 'Upper', is_private: false },
      { name: 'has space', is_private: false },
      { name: '', is_private: false },
      { name: 'a'.repeat(81), is_private: false },
      { name: name() },
      { name: name(), is_private: 'yes' },
      { name: name(), is_private: false, extra: 1 },
    ])
      expectProblem(await as(owner).post('/channels', bad), 400);
    expectProblem(await as(owner).get('/channels/not-a-uuid'), 400);
    expectProblem(await as(owner).get(`/channels/${randomUUID()}`), 404);
  });

  it('answers a taken name the same whether the channel holding it is public or private, visible or not', async () => {
    const publicName = name();
    const privateName = name();
    expect((await as(owner).post('/channels', { name: publicName, is_private: false })).status).toBe(201);
    expect((await as(owner).post('/channels', { name: privateName, is_private: true })).status).toBe(201);
    const strip = (body: Record<string, unknown>) => {
      const { instance: _instance, request_id: _requestId, error_id: _errorId, ...rest } = body;
      return rest;
    };
    const answers = [];
    for (const [who, taken] of [
      [outsider, publicName],
      [outsider, privateName],
      [owner, privateName],
    ] as const) {
      const created = await as(who).post('/channels', { name: taken, is_private: true });
      expectProblem(created, 409, 'channel-name-taken');
      answers.push(strip(created.body));
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(JSON.stringify(answers[1])).not.toMatch(/private|member|owner|[0-9a-f]{8}-[0-9a-f]{4}-/);
    const renamed = await as(outsider).post('/channels', { name: name(), is_private: false });
    const rename = await as(outsider).patch(`/channels/${renamed.body.id}`, { name: privateName });
    expectProblem(rename, 409, 'channel-name-taken');
    expect(strip(rename.body)).toEqual(answers[0]);
  });

  it('lists joined channels with read state and browses public ones, paging by cursor', async () => {
    const names = [name(), name(), name()];
    for (const n of names)
      expect((await as(owner).post('/channels', { name: n, is_private: false })).status).toBe(201);
    const secret = await as(owner).post('/channels', { name: name(), is_private: true });
    const browse = await as(outsider).get('/channels?scope=browse&limit=200');
    const browsed = browse.body.items.map((c: { id: string }) => c.id);
    expect(browsed).not.toContain(secret.body.id);
    expect(browse.body.items.every((c: { type: string; is_member: boolean }) => c.type === 'public')).toBe(
      true,
    );
    const joined = await as(owner).get('/channels?scope=joined&limit=2');
    expect(joined.body.items).toHaveLength(2);
    expect(joined.body.next_cursor).toEqual(expect.any(String));
    const rest = await as(owner).get(`/channels?scope=joined&limit=200&cursor=${joined.body.next_cursor}`);
    const all = [...joined.body.items, ...rest.body.items].map((c: { name: string }) => c.name);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(names));
    expectProblem(await as(owner).get('/channels?scope=everything'), 400);
    expectProblem(await as(owner).get('/channels?cursor=nonsense'), 400, 'bad-cursor');
  });

  it('joins and leaves public channels, but private channels only by invitation', async () => {
    const pub = (await as(owner).post('/channels', { name: name(), is_private: false })).body.id;
    const priv = (await as(owner).post('/channels', { name: name(), is_private: true })).body.id;
    const joined = await as(member).post(`/channels/${pub}/join`);
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ is_member: true, role: 'member', member_count: 2 });
    expect((await as(member).post(`/channels/${pub}/join`)).body.member_count).toBe(2);
    expectProblem(await as(member).post(`/channels/${priv}/join`), 404);
    // The read position is a member's: a member moves theirs, a non-member of a public channel is
    // refused (403), of a private one told it does not exist (404).
    const read = await as(member).post(`/channels/${pub}/read`, { last_read_seq: 0 });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ channel_id: pub, last_read_seq: 0, unread_count: 0 });
    expectProblem(await as(outsider).post(`/channels/${pub}/read`, { last_read_seq: 0 }), 403);
    expectProblem(await as(outsider).post(`/channels/${priv}/read`, { last_read_seq: 0 }), 404);
    expect((await as(member).post(`/channels/${pub}/leave`)).status).toBe(204);
    expect((await as(outsider).get(`/channels/${pub}`)).body).toMatchObject({
      member_count: 1,
      is_member: false,
    });
    // The sole member and owner may leave: nobody is left without an owner.
    expect((await as(owner).post(`/channels/${pub}/leave`)).status).toBe(204);
  });

  it('lets members add members, admins add admins, owners add owners, and keeps an owner', async () => {
    const id = (await as(owner).post('/channels', { name: name(), is_private: true })).body.id;
    expect(
      (await as(owner).post(`/channels/${id}/members`, { user_id: admin.sub, role: 'admin' })).status,
    ).toBe(201);
    expect((await as(admin).post(`/channels/${id}/members`, { user_id: member.sub })).status).toBe(201);
    expect((await as(admin).post(`/channels/${id}/members`, { user_id: member.sub })).status).toBe(200);
    expectProblem(
      await as(member).post(`/channels/${id}/members`, { user_id: outsider.sub }),
      403,
      'not-allowed',
    );
    expectProblem(
      await as(admin).post(`/channels/${id}/members`, { user_id: member.sub, role: 'owner' }),
      403,
    );
    expectProblem(
      await as(owner).post(`/channels/${id}/members`, { user_id: randomUUID() }),
      422,
      'unknown-users',
    );
    expectProblem(await as(owner).post(`/channels/${id}/members`, { user_id: 'x' }), 400);
    expectProblem(
      await as(owner).post(`/channels/${id}/members`, { user_id: member.sub, role: 'king' }),
      400,
    );
    expectProblem(await as(member).delete(`/channels/${id}/members/${admin.sub}`), 403);
    expectProblem(await as(admin).delete(`/channels/${id}/members/${owner.sub}`), 403);
    expectProblem(await as(owner).post(`/channels/${id}/leave`), 409, 'last-owner');
    expectProblem(await as(owner).delete(`/channels/${id}/members/${outsider.sub}`), 404, 'member-not-found');
    const members = await as(member).get(`/channels/${id}/members`);
    expect(members.body.items.map((m: { user_id: string; role: string }) => [m.user_id, m.role])).toEqual([
      [owner.sub, 'owner'],
      [admin.sub, 'admin'],
      [member.sub, 'member'],
    ]);
    expect((await as(admin).delete(`/channels/${id}/members/${member.sub}`)).status).toBe(204);
    expectProblem(await as(member).get(`/channels/${id}`), 404);

    const pub = (await as(owner).post('/channels', { name: name(), is_private: false })).body.id;
    expect((await as(owner).post(`/channels/${pub}/members`, { user_id: member.sub })).status).toBe(201);
    expect((await as(member).post(`/channels/${pub}/members`, { user_id: outsider.sub })).status).toBe(201);
    expect((await as(moderator).delete(`/channels/${pub}/members/${outsider.sub}`)).status).toBe(204);
    expectProblem(await as(moderator).delete(`/channels/${pub}/members/${owner.sub}`), 403);
  });

  it('lets owners and admins rename, re-describe, make private and archive; nobody else', async () => {
    const id = (await as(owner).post('/channels', { name: name(), is_private: false })).body.id;
    await as(owner).post(`/channels/${id}/members`, { user_id: member.sub });
    expectProblem(await as(member).patch(`/channels/${id}`, { description: 'mine' }), 403);
    expectProblem(await as(owner).patch(`/channels/${id}`, {}), 400);
    const renamed = name();
    const patched = await as(owner).patch(`/channels/${id}`, {
      name: renamed,
      description: 'new',
      is_private: true,
    });
    expect(patched.body).toMatchObject({ name: renamed, description: 'new', type: 'private' });
    expectProblem(await as(outsider).get(`/channels/${id}`), 404);
    expectProblem(await as(member).delete(`/channels/${id}`), 403);
    const archived = await as(owner).delete(`/channels/${id}`);
    expect(archived.status).toBe(200);
    expect(archived.body.archived_at).toEqual(expect.any(String));
    expect((await as(owner).delete(`/channels/${id}`)).body.archived_at).toBe(archived.body.archived_at);
    expectProblem(await as(owner).patch(`/channels/${id}`, { description: 'late' }), 409, 'channel-archived');
    expectProblem(await as(owner).post(`/channels/${id}/members`, { user_id: outsider.sub }), 409);
  });
});
