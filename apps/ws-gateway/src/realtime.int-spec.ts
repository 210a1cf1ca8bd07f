import { GatewayClient, KeycloakAdmin, RunningPlatform, startPlatform, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { Socket, io } from 'socket.io-client';

interface Envelope {
  id: string;
  type: string;
  occurred_at: string;
  channel_id?: string;
  seq?: number;
  rev?: number;
  data: Record<string, unknown>;
}

interface Ack {
  ok: boolean;
  error?: string;
  channels?: Record<
    string,
    { events?: Array<{ type: string; seq?: number; rev?: number }>; truncated?: boolean; error?: string }
  >;
}

const EVENTS = ['message.created', 'channel.member_added', 'channel.member_removed', 'typing'];
const SYNC_MAX = 10;
jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A connected client that records every envelope it hears. */
class Client {
  readonly heard: Envelope[] = [];
  constructor(readonly socket: Socket) {
    for (const event of EVENTS) socket.on(event, (envelope: Envelope) => this.heard.push(envelope));
  }
  of(type: string, channelId: string): Envelope[] {
    return this.heard.filter((e) => e.type === type && e.channel_id === channelId);
  }
  emit(event: string, payload: unknown): Promise<Ack> {
    return this.socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack>;
  }
}

function connect(url: string, token: string, transports?: string[]): Promise<Socket> {
  const socket = io(url, {
    path: '/socket.io',
    auth: { token },
    reconnection: false,
    transports,
    timeout: 10_000,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Real time through two ws-gateway instances (and the gateway's /socket.io) on the real stack. */
describe('ws-gateway real time', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;
  const clients: Client[] = [];
  const api: Record<string, GatewayClient> = {};
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  let wsA: string;
  let wsB: string;
  let channelId: string;
  let aliceA: Client, aliceB: Client, bobGw: Client, bobB: Client, carolA: Client, daveB: Client;

  const open = async (url: string, who: string, transports?: string[]) => {
    const client = new Client(await connect(url, tokens[who], transports));
    clients.push(client);
    return client;
  };
  const post = (content: string) =>
    api.alice.post<{ seq: number }>(`/api/v1/channels/${channelId}/messages`, { content });

  beforeAll(async () => {
    platform = await startPlatform(['users', 'channels', 'messaging'], {
      base: 15400,
      wsGateways: 2,
      wsGatewayEnv: { SYNC_MAX_PER_CHANNEL: String(SYNC_MAX) },
    });
    [wsA, wsB] = platform.wsGatewayUrls;
    for (const who of ['alice', 'bob', 'carol', 'dave']) {
      const user = await keycloak.createUser();
      ids[who] = user.id;
      tokens[who] = await keycloak.passwordToken(user);
      api[who] = new GatewayClient(platform.gatewayUrl, tokens[who]);
      expect((await api[who].get('/api/v1/channels')).status).toBe(200); // provisioned
    }
    aliceA = await open(wsA, 'alice');
    aliceB = await open(wsB, 'alice');
    bobGw = await open(platform.gatewayUrl, 'bob');
    bobB = await open(wsB, 'bob', ['websocket']);
    carolA = await open(wsA, 'carol');
    daveB = await open(wsB, 'dave');

    // A private channel created after the sockets connected: alice's sockets join it live.
    const created = await api.alice.post<{ id: string }>('/api/v1/channels', {
      name: `rt-${randomUUID().slice(0, 8)}`,
      is_private: true,
    });
    expect(created.status).toBe(201);
    channelId = created.body.id;
    await waitFor('alice to hear of her channel on both instances', () =>
      [aliceA, aliceB].every((c) => c.of('channel.member_added', channelId).length === 1),
    );
    expect((await api.alice.post(`/api/v1/channels/${channelId}/members`, { user_id: ids.bob })).status).toBe(
      201,
    );
    await waitFor('bob to join on both paths', () =>
      [bobGw, bobB].every((c) => c.of('channel.member_added', channelId).length === 1),
    );
    // messaging learns of the channel from Kafka too: wait until it takes posts.
    await waitFor('messaging to take posts', async () => (await post('first')).status === 201, 20_000, 200);
  }, 180_000);

  afterAll(async () => {
    for (const client of clients) client.socket.close();
    await platform?.stop();
  });

  it('refuses a bad or missing token at the handshake with `unauthorized`', async () => {
    for (const url of [wsA, platform.gatewayUrl]) {
      await expect(connect(url, 'not-a-token')).rejects.toThrow(/^unauthorized$/);
      await expect(connect(url, '')).rejects.toThrow(/^unauthorized$/);
    }
  });

  it('delivers every message once and in seq order to every member socket on both instances, not to others', async () => {
    const posted = await Promise.all(Array.from({ length: 20 }, (_, i) => post(`burst ${i}`)));
    expect(posted.every((r) => r.status === 201)).toBe(true);
    const expected = [1, ...posted.map((r) => r.body.seq).sort((a, b) => a - b)];
    const members = [aliceA, aliceB, bobGw, bobB];
    await waitFor('all 21 messages on every member socket', () =>
      members.every((c) => c.of('message.created', channelId).length >= 21),
    );
    await sleep(500); // time for any duplicate to show up
    for (const client of members) {
      const heard = client.of('message.created', channelId);
      expect(heard.map((e) => e.seq)).toEqual(expected);
      expect(heard.map((e) => e.rev)).toEqual(expected); // posts only: one change each
      expect(new Set(heard.map((e) => e.id)).size).toBe(heard.length);
      expect(heard[0]).toMatchObject({ type: 'message.created', channel_id: channelId, seq: 1 });
      expect(heard[0].data).toMatchObject({ channel_id: channelId, content: 'first' });
    }
    for (const outsider of [carolA, daveB]) expect(outsider.of('message.created', channelId)).toEqual([]);
    // The gateway's client started on long-polling and upgraded to a WebSocket through the proxy.
    await waitFor(
      'the upgrade through the gateway',
      () => bobGw.socket.io.engine.transport.name === 'websocket',
    );
  });

  it('follows membership live: an added member starts hearing the channel, a removed one stops', async () => {
    expect(
      (await api.alice.post(`/api/v1/channels/${channelId}/members`, { user_id: ids.carol })).status,
    ).toBe(201);
    await waitFor(
      'carol to hear she was added',
      () => carolA.of('channel.member_added', channelId).length === 1,
    );
    const welcome = await post('welcome carol');
    await waitFor('carol to hear the next message', () =>
      carolA.of('message.created', channelId).some((e) => e.seq === welcome.body.seq),
    );

    expect((await api.alice.delete(`/api/v1/channels/${channelId}/members/${ids.carol}`)).status).toBe(204);
    await waitFor(
      'carol to hear she was removed',
      () => carolA.of('channel.member_removed', channelId).length === 1,
    );
    const after = await post('carol is gone');
    await waitFor('bob to hear it', () =>
      bobB.of('message.created', channelId).some((e) => e.seq === after.body.seq),
    );
    await sleep(300);
    expect(carolA.of('message.created', channelId).map((e) => e.seq)).toEqual([welcome.body.seq]);
    expect(carolA.socket.connected).toBe(true);
  });

  it('shows typing to the other members, across instances, and not to the sender or outsiders', async () => {
    expect(await bobB.emit('typing', { channel_id: channelId })).toEqual({ ok: true });
    await waitFor('alice to see bob typing on both instances', () =>
      [aliceA, aliceB].every((c) => c.of('typing', channelId).length === 1),
    );
    expect(aliceA.of('typing', channelId)[0].data).toMatchObject({ user_id: ids.bob, channel_id: channelId });
    await sleep(300);
    expect(bobB.of('typing', channelId)).toEqual([]);
    expect(daveB.of('typing', channelId)).toEqual([]);
    expect(await daveB.emit('typing', { channel_id: channelId })).toMatchObject({
      ok: false,
      error: 'not_a_member',
    });
  });

  it('sync returns the missed changes in rev order, truncated past the page, and nothing to non-members', async () => {
    const all = await bobGw.emit('sync', { cursors: { [channelId]: 0 } });
    expect(all.ok).toBe(true);
    expect(all.channels?.[channelId].truncated).toBe(true);
    // Only posts so far: each is one change, so rev and seq go together.
    expect(all.channels?.[channelId].events?.map((e) => [e.type, e.rev, e.seq])).toEqual(
      Array.from({ length: SYNC_MAX }, (_, i) => ['message.created', i + 1, i + 1]),
    );

    const tail = await aliceA.emit('sync', { cursors: { [channelId]: 18 } });
    const revs = tail.channels?.[channelId].events?.map((e) => e.rev) ?? [];
    expect(tail.channels?.[channelId].truncated).toBe(false);
    expect(revs).toEqual([19, 20, 21, 22, 23]);

    const outsider = await daveB.emit('sync', { cursors: { [channelId]: 0 } });
    expect(outsider).toEqual({ ok: true, channels: { [channelId]: { error: 'not_a_member' } } });
  });

  it('answers a malformed payload with an error ack and the socket stays usable', async () => {
    for (const [event, payload] of [
      ['sync', { cursors: 'everything' }],
      ['sync', null],
      ['typing', { channel_id: 'general' }],
      ['typing', 'x'.repeat(1000)],
    ] as const)
      expect(await aliceB.emit(event, payload)).toMatchObject({
        ok: false,
        error: 'invalid_payload',
      });
    expect(aliceB.socket.connected).toBe(true);
    expect(await aliceB.emit('typing', { channel_id: channelId })).toEqual({ ok: true });
  });
});
