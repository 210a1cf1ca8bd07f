import { GatewayClient, KeycloakAdmin, RunningPlatform, startPlatform, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { Socket, io } from 'socket.io-client';

interface Envelope {
  id: string;
  type: string;
  occurred_at: string;
  channel_id?: string;
  data: Record<string, unknown>;
}

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { path: '/socket.io', auth: { token }, reconnection: false, timeout: 10_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Presence through ws-gateway and the presence service, on the real stack. */
describe('ws-gateway presence', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;
  const sockets: Socket[] = [];
  const heard: Record<string, Envelope[]> = {};
  const ids: Record<string, string> = {};
  const api: Record<string, GatewayClient> = {};
  const tokens: Record<string, string> = {};
  let channelId: string;

  const open = async (who: string, url = platform.wsGatewayUrls[0]) => {
    const socket = await connect(url, tokens[who]);
    sockets.push(socket);
    heard[who] ??= [];
    for (const event of ['presence.updated', 'typing'])
      socket.on(event, (envelope: Envelope) => heard[who].push(envelope));
    return socket;
  };
  const presenceOf = (who: string, userId: string, status?: string) =>
    heard[who].filter(
      (e) =>
        e.type === 'presence.updated' && e.data.user_id === userId && (!status || e.data.status === status),
    );

  beforeAll(async () => {
    platform = await startPlatform(['users', 'channels', 'presence'], { base: 15500, wsGateways: 1 });
    for (const who of ['alice', 'bob', 'carol']) {
      const user = await keycloak.createUser();
      ids[who] = user.id;
      tokens[who] = await keycloak.passwordToken(user);
      api[who] = new GatewayClient(platform.gatewayUrl, tokens[who]);
      expect((await api[who].get('/api/v1/channels')).status).toBe(200); // provisioned
    }
    const created = await api.alice.post<{ id: string }>('/api/v1/channels', {
      name: `pr-${randomUUID().slice(0, 8)}`,
      is_private: true,
    });
    expect(created.status).toBe(201);
    channelId = created.body.id;
    expect((await api.alice.post(`/api/v1/channels/${channelId}/members`, { user_id: ids.bob })).status).toBe(
      201,
    );
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await platform?.stop();
  });

  it('acks `presence.heartbeat` and refuses a malformed one', async () => {
    const carol = await open('carol');
    expect(await carol.timeout(10_000).emitWithAck('presence.heartbeat', {})).toEqual({ ok: true });
    expect(await carol.timeout(10_000).emitWithAck('presence.heartbeat')).toEqual({ ok: true });
    expect(await carol.timeout(10_000).emitWithAck('presence.heartbeat', { status: 'x' })).toMatchObject({
      ok: false,
      error: 'invalid_payload',
    });
    const read = await api.carol.get<Array<{ status: string }>>(`/api/v1/presence?user_ids=${ids.carol}`);
    expect(read.body).toEqual([expect.objectContaining({ user_id: ids.carol, status: 'online' })]);
  });

  it("tells a channel member's socket when another member sets `away`, and goes offline at the last disconnect", async () => {
    await open('bob');
    const alice = await open('alice');
    await waitFor(
      'bob to hear alice online (heartbeat at connect)',
      () => presenceOf('bob', ids.alice, 'online').length >= 1,
    );

    const put = await api.alice.put('/api/v1/presence/me', { status: 'away' });
    expect(put.status).toBe(200);
    await waitFor('bob to hear alice away', () => presenceOf('bob', ids.alice, 'away').length === 1);
    const [away] = presenceOf('bob', ids.alice, 'away');
    expect(away).toMatchObject({ type: 'presence.updated', data: { user_id: ids.alice, status: 'away' } });
    expect(typeof away.id).toBe('string');
    // Her own socket hears it too; carol shares no channel with her and hears nothing.
    await waitFor('alice to hear herself away', () => presenceOf('alice', ids.alice, 'away').length === 1);
    await sleep(300);
    expect(presenceOf('carol', ids.alice)).toEqual([]);

    alice.close();
    await waitFor('bob to hear alice offline', () => presenceOf('bob', ids.alice, 'offline').length === 1);
  });

  it('says until when a `typing` is shown (5 s)', async () => {
    const bob = sockets[1];
    expect(await bob.timeout(10_000).emitWithAck('typing', { channel_id: channelId })).toEqual({ ok: true });
    const alice = await open('alice');
    expect(await alice.timeout(10_000).emitWithAck('typing', { channel_id: channelId })).toEqual({
      ok: true,
    });
    await waitFor('bob to see alice typing', () => heard.bob.some((e) => e.type === 'typing'));
    const typing = heard.bob.find((e) => e.type === 'typing')!;
    expect(typing.data).toMatchObject({ user_id: ids.alice, channel_id: channelId });
    expect(Date.parse(typing.data.expires_at as string) - Date.parse(typing.occurred_at)).toBe(5_000);
  });
});
