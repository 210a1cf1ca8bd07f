import { PROBLEM_CONTENT_TYPE, Topics } from '@colink/contracts';
import { waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { BuiltService, TestUser, announceUser, call, makeUser, publish } from '../testing/harness';

const run = randomUUID().slice(0, 8);
const channels = new BuiltService('channels', 30102, run);
const messaging = new BuiltService('messaging', 30103, run);

const owner = makeUser('owner');
const muted = makeUser('muted');
const moderatorId = randomUUID();

const ch = (user: TestUser, method: string, path: string, body?: unknown) =>
  call(channels.url, user, method, `/api/v1${path}`, body);
const post = (user: TestUser, channelId: string, content: string) =>
  call(messaging.url, user, 'POST', `/api/v1/channels/${channelId}/messages`, { content });

function moderation(action: 'mute' | 'unmute', channelId: string | null, durationS: number | null) {
  const now = new Date();
  return publish(Topics.ModerationAction, {
    id: randomUUID(),
    action,
    target_user_id: muted.sub,
    channel_id: channelId,
    moderator_id: moderatorId,
    reason: 'flooding',
    duration_s: durationS,
    expires_at: durationS ? new Date(now.getTime() + durationS * 1000).toISOString() : null,
    created_at: now.toISOString(),
  });
}

let channelId = '';
let otherChannelId = '';

beforeAll(async () => {
  await Promise.all([channels.start(), messaging.start()]);
  for (const user of [owner, muted]) {
    await announceUser(user);
    expect((await ch(user, 'GET', '/channels')).status).toBe(200);
  }
  for (const name of ['a', 'b']) {
    const created = await ch(owner, 'POST', '/channels', { name: `mute-${name}-${run}`, is_private: false });
    expect(created.status).toBe(201);
    expect((await ch(muted, 'POST', `/channels/${created.body.id}/join`)).status).toBe(200);
    await messaging.waitForMembers(created.body.id, [owner.sub, muted.sub]);
    if (name === 'a') channelId = created.body.id;
    else otherChannelId = created.body.id;
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([channels.stop(), messaging.stop()]);
  await Promise.all([channels.dropSchema(), messaging.dropSchema()]);
}, 60_000);

describe('mutes from moderation.action', () => {
  it('refuses a muted person posting in the channel with 403 muted until when, until unmute', async () => {
    expect((await post(muted, channelId, 'before')).status).toBe(201);
    await moderation('mute', channelId, 3600);
    const refused = await waitFor('the mute to apply', async () => {
      const reply = await post(muted, channelId, 'during');
      return reply.status === 403 ? reply : undefined;
    });
    expect(refused.type).toContain(PROBLEM_CONTENT_TYPE);
    expect(refused.body.type).toMatch(/\/muted$/);
    expect(refused.body.detail).toMatch(/muted you until \d{4}-\d\d-\d\dT/);
    // Other people, and the muted person in another channel, still post.
    expect((await post(owner, channelId, 'others')).status).toBe(201);
    expect((await post(muted, otherChannelId, 'elsewhere')).status).toBe(201);

    await moderation('unmute', channelId, null);
    await waitFor('the unmute to apply', async () => (await post(muted, channelId, 'after')).status === 201);
  });

  it('applies a mute without a channel everywhere, and lets it lapse at its expiry', async () => {
    await moderation('mute', null, 2);
    await waitFor(
      'the global mute to apply',
      async () => (await post(muted, otherChannelId, 'x')).status === 403,
    );
    expect((await post(muted, channelId, 'x')).status).toBe(403);
    await waitFor(
      'the mute to expire',
      async () => (await post(muted, channelId, 'later')).status === 201,
      10_000,
      250,
    );
  });
});
