import { GatewayClient, KeycloakAdmin, RunningPlatform, startPlatform, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';

/** `Idempotency-Key` on POST, black-box through the gateway to the real channels service. */
describe('Idempotency-Key', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;
  let alice: GatewayClient;
  let bob: GatewayClient;

  beforeAll(async () => {
    platform = await startPlatform(['users', 'channels', 'messaging']);
    const [a, b] = await Promise.all([keycloak.createUser(), keycloak.createUser()]);
    alice = new GatewayClient(platform.gatewayUrl, await keycloak.passwordToken(a));
    bob = new GatewayClient(platform.gatewayUrl, await keycloak.passwordToken(b));
  }, 120_000);

  afterAll(() => platform?.stop());

  const channelName = () => `idem-${randomUUID().slice(0, 8)}`;
  const browse = async (name: string) => {
    const found: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ name: string }>; next_cursor: string | null } } = await alice.get(
        `/api/v1/channels?scope=browse&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      found.push(...page.body.items.filter((c) => c.name === name));
      cursor = page.body.next_cursor;
    } while (cursor);
    return found;
  };

  it('replays the first response for the same key and has no second effect', async () => {
    const key = randomUUID();
    const name = channelName();
    const first = await alice.post(
      '/api/v1/channels',
      { name, is_private: false },
      { 'idempotency-key': key },
    );
    const second = await alice.post(
      '/api/v1/channels',
      { name, is_private: false },
      { 'idempotency-key': key },
    );
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await browse(name)).toHaveLength(1);

    // Without the key the same request is a new request, and here a conflict.
    const third = await alice.post('/api/v1/channels', { name, is_private: false });
    expect(third.status).toBe(409);
  });

  it('gives concurrent requests with one key one effect and one answer', async () => {
    const key = randomUUID();
    const name = channelName();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        alice.post('/api/v1/channels', { name, is_private: false }, { 'idempotency-key': key }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await browse(name)).toHaveLength(1);
  });

  it('refuses a key reused for a different request, and keeps keys apart per user', async () => {
    const key = randomUUID();
    const name = channelName();
    expect(
      (await alice.post('/api/v1/channels', { name, is_private: false }, { 'idempotency-key': key })).status,
    ).toBe(201);
    const reused = await alice.post(
      '/api/v1/channels',
      { name: channelName(), is_private: false },
      { 'idempotency-key': key },
    );
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({
      status: 422,
      type: expect.stringMatching(/idempotency-key-reused$/),
    });

    const other = await bob.post(
      '/api/v1/channels',
      { name: channelName(), is_private: false },
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(201);
  });

  it('posts a message once for one key, with the same seq on replay', async () => {
    const channel = await alice.post<{ id: string }>('/api/v1/channels', {
      name: channelName(),
      is_private: false,
    });
    // Messaging learns of the channel from its events: wait until it answers for it.
    await waitFor(
      'messaging to know the channel',
      async () => (await alice.get(`/api/v1/channels/${channel.body.id}/messages`)).status === 200,
    );
    const key = randomUUID();
    const post = () =>
      alice.post<{ id: string; seq: number }>(
        `/api/v1/channels/${channel.body.id}/messages`,
        { content: 'exactly once' },
        { 'idempotency-key': key },
      );
    const [first, concurrent] = await Promise.all([post(), post()]);
    const replay = await post();
    expect([first.status, concurrent.status, replay.status]).toEqual([201, 201, 201]);
    expect(concurrent.body).toEqual(first.body);
    expect(replay.body).toEqual(first.body);
    const history = await alice.get<{ items: Array<{ id: string; content: string }> }>(
      `/api/v1/channels/${channel.body.id}/messages`,
    );
    expect(history.body.items.filter((m) => m.content === 'exactly once')).toHaveLength(1);
  });

  it('keeps a refused request refused on replay, and refuses a malformed key', async () => {
    const key = randomUUID();
    const bad = await alice.post(
      '/api/v1/channels',
      { name: 'Not Valid!', is_private: false },
      { 'idempotency-key': key },
    );
    expect(bad.status).toBe(400);
    const replay = await alice.post(
      '/api/v1/channels',
      { name: 'Not Valid!', is_private: false },
      { 'idempotency-key': key },
    );
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual(bad.body);

    const malformed = await alice.post(
      '/api/v1/channels',
      { name: channelName(), is_private: false },
      { 'idempotency-key': 'x'.repeat(300) },
    );
    expect(malformed.status).toBe(400);
  });
});
