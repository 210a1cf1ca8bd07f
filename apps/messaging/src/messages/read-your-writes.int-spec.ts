import { GatewayClient, KeycloakAdmin, RunningPlatform, startPlatform } from '@colink/testing';

/**
 * Read-your-writes through the gateway: after a 2xx write, the same user's next request sees it,
 * however far behind the Kafka-fed projections of channels and messaging are.
 */
const TRIES = { create: 200, dm: 200, join: 200, remove: 200, signIn: 50 };

const keycloak = new KeycloakAdmin();
let platform: RunningPlatform;
const clients: Record<string, GatewayClient> = {};
const ids: Record<string, string> = {};
const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];

async function signIn(name: string): Promise<void> {
  const user = await keycloak.createUser();
  ids[name] = user.id;
  clients[name] = new GatewayClient(platform.gatewayUrl, await keycloak.passwordToken(user));
  expect((await clients[name].get('/api/v1/users/me')).status).toBe(200);
}

const post = (who: string, channelId: string, content: string) =>
  clients[who].post(`/api/v1/channels/${channelId}/messages`, { content });

async function publicChannel(name: string): Promise<string> {
  const created = await clients.alice.post<{ id: string }>('/api/v1/channels', {
    name: `${name}-${Math.random().toString(36).slice(2, 10)}`,
    is_private: false,
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Every non-empty subset of the people, as DM partners (2 to 8 people with alice). */
function* partnerSets(): Generator<string[]> {
  for (let mask = 1; mask < 1 << people.length; mask += 1) {
    const set = people.filter((_, i) => mask & (1 << i));
    if (set.length <= 7) yield set;
  }
}

beforeAll(async () => {
  platform = await startPlatform(['users', 'channels', 'messaging'], {
    base: 23000,
    // Roomy budgets, counted under keys of their own so the suites after this one keep theirs.
    gatewayEnv: {
      RATE_LIMIT_KEY_PREFIX: 'ratelimit-read-your-writes-test',
      RATE_LIMIT_USER_WRITES: '100000',
      RATE_LIMIT_USER_READS: '100000',
      RATE_LIMIT_IP_WRITES: '100000',
      RATE_LIMIT_IP_READS: '100000',
    },
  });
  for (const name of ['alice', 'bob', ...people]) await signIn(name);
}, 240_000);

afterAll(async () => {
  await platform?.stop();
});

describe('read-your-writes through the gateway', () => {
  it(`lets a creator post at once in the channel they just made (${TRIES.create} tries)`, async () => {
    const wrong: number[] = [];
    for (let i = 0; i < TRIES.create; i += 1) {
      const channelId = await publicChannel('ryw-create');
      const posted = await post('alice', channelId, `first ${i}`);
      if (posted.status !== 201) wrong.push(posted.status);
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it(`lets a DM opener post at once in the DM they just opened (${TRIES.dm} tries)`, async () => {
    const wrong: number[] = [];
    const sets = partnerSets();
    for (let i = 0; i < TRIES.dm; i += 1) {
      const partners = sets.next().value as string[];
      const opened = await clients.alice.post<{ id: string }>('/api/v1/dms', {
        user_ids: partners.map((name) => ids[name]),
      });
      if (opened.status !== 201 && opened.status !== 200) {
        wrong.push(opened.status);
        continue;
      }
      const posted = await post('alice', opened.body.id, `dm ${i}`);
      if (posted.status !== 201) wrong.push(posted.status);
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it(`lets a member post at once in a channel they just joined (${TRIES.join} tries)`, async () => {
    const wrong: number[] = [];
    for (let i = 0; i < TRIES.join; i += 1) {
      const channelId = await publicChannel('ryw-join');
      const joined = await clients.bob.post(`/api/v1/channels/${channelId}/join`);
      const posted = await post('bob', channelId, `joined ${i}`);
      if (joined.status !== 200 || posted.status !== 201) wrong.push(joined.status * 1000 + posted.status);
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it(`refuses a removed member's next post at once (${TRIES.remove} tries)`, async () => {
    const wrong: number[] = [];
    for (let i = 0; i < TRIES.remove; i += 1) {
      const channelId = await publicChannel('ryw-remove');
      expect((await clients.bob.post(`/api/v1/channels/${channelId}/join`)).status).toBe(200);
      expect((await post('bob', channelId, `before ${i}`)).status).toBe(201);
      const removed = await clients.alice.delete(`/api/v1/channels/${channelId}/members/${ids.bob}`);
      const posted = await post('bob', channelId, `after ${i}`);
      if (removed.status !== 204 || posted.status !== 403) wrong.push(removed.status * 1000 + posted.status);
    }
    expect(wrong).toEqual([]);
  }, 600_000);

  it(`opens a DM with someone who signed in a moment ago (${TRIES.signIn} tries)`, async () => {
    const wrong: number[] = [];
    for (let i = 0; i < TRIES.signIn; i += 1) {
      const name = `new${i}`;
      await signIn(name);
      const opened = await clients.alice.post<{ id: string }>('/api/v1/dms', { user_ids: [ids[name]] });
      const posted = opened.status === 201 ? await post('alice', opened.body.id, `hello ${i}`) : opened;
      if (opened.status !== 201 || posted.status !== 201) wrong.push(opened.status * 1000 + posted.status);
    }
    expect(wrong).toEqual([]);
  }, 600_000);
});
