import { ClientToServerEvents, ServerToClientEvents } from '@colink/contracts';
import { KeycloakAdmin, RunningPlatform, TestUser, startPlatform } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { Socket, io } from 'socket.io-client';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
jest.setTimeout(60_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function connect(url: string, token: string): Promise<Client> {
  const socket: Client = io(url, {
    path: '/socket.io',
    auth: { token },
    reconnection: false,
    transports: ['websocket'],
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

const expiryOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number }).exp * 1000;

/** A socket lives as long as its token, unless the client refreshes it (real Keycloak tokens). */
describe('ws-gateway socket sessions', () => {
  const keycloak = new KeycloakAdmin();
  const shortClient = `colink-ws-short-${randomUUID().slice(0, 6)}`;
  let platform: RunningPlatform;
  let ws: string;
  let user: TestUser;
  const sockets: Client[] = [];

  beforeAll(async () => {
    platform = await startPlatform(['channels'], { base: 21100, wsGateways: 1 });
    [ws] = platform.wsGatewayUrls;
    await keycloak.createShortLivedClient(shortClient, 4);
    user = await keycloak.createUser();
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await keycloak.deleteClient(shortClient).catch(() => undefined);
    await platform?.stop();
  });

  it('cuts a socket when its token expires, and the expired token is refused with `unauthorized`', async () => {
    const token = await keycloak.passwordToken(user, shortClient);
    const socket = await connect(ws, token);
    sockets.push(socket);
    const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
    expect(Date.now()).toBeGreaterThanOrEqual(expiryOf(token) - 1_000);
    await sleep(Math.max(0, expiryOf(token) - Date.now()) + 6_000); // past the verifier's clock tolerance
    await expect(connect(ws, token)).rejects.toThrow(/^unauthorized$/);
  });

  it('keeps a socket whose client sent `auth.refresh` with a fresh token, and refuses a bad one', async () => {
    const short = await keycloak.passwordToken(user, shortClient);
    const socket = await connect(ws, short);
    sockets.push(socket);
    expect(await socket.timeout(10_000).emitWithAck('auth.refresh', { token: 'not-a-token' })).toMatchObject({
      ok: false,
      error: 'unauthorized',
    });
    const other = await keycloak.createUser();
    expect(
      await socket
        .timeout(10_000)
        .emitWithAck('auth.refresh', { token: await keycloak.passwordToken(other) }),
    ).toMatchObject({ ok: false, error: 'unauthorized' });
    const fresh = await keycloak.passwordToken(user);
    const ack = await socket.timeout(10_000).emitWithAck('auth.refresh', { token: fresh });
    expect(ack).toEqual({ ok: true, expires_at: new Date(expiryOf(fresh)).toISOString() });
    await sleep(Math.max(0, expiryOf(short) - Date.now()) + 2_000);
    expect(socket.connected).toBe(true);
  });
});
