import { PROBLEM_CONTENT_TYPE } from '@colink/contracts';
import { IDENTITY_HEADER, signIdentity, startEventTransport } from '@colink/platform';
import { ServiceProcess, seekGroupToEnd, stackEnv, waitFor } from '@colink/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule } from '../app.module';
import { loadAdminConfig } from '../config';

/** Kick and message removal act through channels and messaging (built, run as processes). */
const run = randomUUID().slice(0, 8);
const secret = `int-test-${randomUUID()}`;
const peer = (app: 'channels' | 'messaging', port: number, extra: NodeJS.ProcessEnv = {}) =>
  new ServiceProcess(app, port, {
    INTERNAL_AUTH_SECRET: secret,
    DATABASE_URL: stackEnv.databaseUrl,
    KAFKA_BROKERS: stackEnv.kafkaBrokers.join(','),
    DATABASE_SCHEMA: `${app}_it_${run}`,
    SERVICE_NAME: `${app}-it-${run}`,
    ...extra,
  });
const channels = peer('channels', 30201);
const messaging = peer('messaging', 30202, { CHANNELS_URL: 'http://127.0.0.1:30201' });
const config = loadAdminConfig({
  ...process.env,
  INTERNAL_AUTH_SECRET: secret,
  DATABASE_SCHEMA: `admin_it_${run}`,
  SERVICE_NAME: `admin-it-${run}`,
  CHANNELS_URL: channels.url,
  MESSAGING_URL: messaging.url,
  LOG_LEVEL: 'warn',
});

const person = (name: string, roles: string[]) => ({
  sub: randomUUID(),
  username: `${name}${run}`,
  email: null,
  name: null,
  roles: ['member', ...roles],
});
const owner = person('owner', []);
const member = person('member', []);
const moderator = person('moderator', ['moderator']);
const admin = person('admin', ['admin']);
type Who = typeof owner;

let app: INestApplication;
const call = (
  base: string | null,
  who: Who,
  method: 'get' | 'post' | 'delete',
  path: string,
  body?: object,
) => {
  const agent = base ? request(base) : request(app.getHttpServer());
  const req = agent[method](path).set(IDENTITY_HEADER, signIdentity(who, secret));
  return body ? req.send(body) : req;
};

function expectProblem(response: request.Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
}

let channelId = '';

beforeAll(async () => {
  await Promise.all(
    ['channels', 'messaging', 'admin'].map((app) => seekGroupToEnd(`colink-${app}-it-${run}`)),
  );
  channels.start();
  messaging.start();
  await Promise.all([channels.ready(60_000), messaging.ready(60_000)]);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  await startEventTransport(app);
  const created = await call(channels.url, owner, 'post', '/api/v1/channels', {
    name: `effects-${run}`,
    is_private: false,
  });
  expect(created.status).toBe(201);
  channelId = created.body.id;
  expect((await call(channels.url, member, 'post', `/api/v1/channels/${channelId}/join`)).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await Promise.all([channels.stop(), messaging.stop()]);
  const sql = new Client({ connectionString: stackEnv.databaseUrl });
  await sql.connect();
  for (const schema of [config.DATABASE_SCHEMA, `channels_it_${run}`, `messaging_it_${run}`])
    await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await sql.end();
}, 60_000);

describe('moderation effects through the other services', () => {
  it('removes a message with a reason: a tombstone in messaging, an audit entry with the reason', async () => {
    const posted = await waitFor('the post', async () => {
      const reply = await call(messaging.url, member, 'post', `/api/v1/channels/${channelId}/messages`, {
        content: 'something to remove',
      });
      return reply.status === 201 ? reply : undefined;
    });
    const messageId = posted.body.id as string;
    expectProblem(
      await call(null, member, 'delete', `/api/v1/admin/messages/${messageId}`, { reason: 'x' }),
      403,
    );
    expectProblem(await call(null, moderator, 'delete', `/api/v1/admin/messages/${messageId}`, {}), 400);
    expectProblem(
      await call(null, moderator, 'delete', `/api/v1/admin/messages/${randomUUID()}`, { reason: 'x' }),
      404,
    );
    const removed = await call(null, moderator, 'delete', `/api/v1/admin/messages/${messageId}`, {
      reason: 'off-topic spam',
    });
    expect(removed.status).toBe(204);
    const after = await call(messaging.url, owner, 'get', `/api/v1/messages/${messageId}`);
    expect(after.body.deleted_at).toEqual(expect.any(String));
    const entry = await waitFor('the removal in the audit log', async () => {
      const page = await call(null, admin, 'get', `/api/v1/admin/audit?action=message.removed`);
      return page.body.items[0];
    });
    expect(entry).toMatchObject({
      actor_id: moderator.sub,
      resource_type: 'message',
      resource_id: messageId,
      details: { reason: 'off-topic spam' },
    });
  });

  it('kicks a member out of the channel through channels, and records the kick', async () => {
    const kick = await call(null, moderator, 'post', '/api/v1/admin/moderation/actions', {
      action: 'kick',
      target_user_id: member.sub,
      channel_id: channelId,
      reason: 'harassment',
    });
    expect(kick.status).toBe(201);
    expect(kick.body).toMatchObject({ action: 'kick', channel_id: channelId, target_user_id: member.sub });
    const members = await call(channels.url, owner, 'get', `/api/v1/channels/${channelId}/members`);
    expect(members.body.items.map((m: { user_id: string }) => m.user_id)).toEqual([owner.sub]);
    // Kicking someone who is not a member records nothing.
    expectProblem(
      await call(null, moderator, 'post', '/api/v1/admin/moderation/actions', {
        action: 'kick',
        target_user_id: member.sub,
        channel_id: channelId,
        reason: 'again',
      }),
      404,
    );
    const actions = await call(
      null,
      moderator,
      'get',
      `/api/v1/admin/moderation/actions?target_user_id=${member.sub}`,
    );
    expect(actions.body.items.map((a: { action: string }) => a.action)).toEqual(['kick']);
  });
});
