import {
  GatewayClient,
  KeycloakAdmin,
  RunningPlatform,
  TestUser,
  connectSocket,
  startPlatform,
  waitFor,
} from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { Socket } from 'socket.io-client';

interface Ended {
  type: string;
  data: { reason: string; message: string };
}

const clientId = `colink-ws-it-${randomUUID().slice(0, 8)}`;
const clientSecret = `secret-${randomUUID()}`;
/** Generous: the promise is 5 s; the measured times are printed, not asserted tightly. */
const BOUND_MS = 15_000;
jest.setTimeout(120_000);
/**
 * The address budgets are shared in Redis with every test on this machine (all from 127.0.0.1): this
 * suite's counts go under keys of its own, so the suites after it keep their whole budget.
 */
const ROOMY_BUDGETS = {
  RATE_LIMIT_KEY_PREFIX: 'ratelimit-session-end-test',
  RATE_LIMIT_IP_READS: '1000000',
  RATE_LIMIT_IP_WRITES: '1000000',
  RATE_LIMIT_USER_READS: '1000000',
  RATE_LIMIT_USER_WRITES: '1000000',
};

/** Resolves when the socket is cut: with the `session.ended` it heard first, and when. */
function endOf(socket: Socket): Promise<{ ended?: Ended; at: number }> {
  let ended: Ended | undefined;
  socket.on('session.ended', (envelope: Ended) => (ended = envelope));
  return new Promise((resolve) => socket.once('disconnect', () => resolve({ ended, at: Date.now() })));
}

/** Sockets end with their rights: a banned user and a user disabled in Keycloak, on every instance. */
describe('ws-gateway ends the sessions of banned and disabled users', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;
  const sockets: Socket[] = [];
  const users: Record<string, TestUser> = {};
  const tokens: Record<string, string> = {};
  const measured: string[] = [];

  const open = async (url: string, who: string) => {
    const socket = await connectSocket(url, tokens[who]);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    await keycloak.createServiceAccountClient(clientId, clientSecret, [
      'view-users',
      'manage-users',
      'view-realm',
    ]);
    platform = await startPlatform(['users', 'channels', 'admin'], {
      base: 21100,
      wsGateways: 2,
      env: { KEYCLOAK_CLIENT_ID: clientId, KEYCLOAK_CLIENT_SECRET: clientSecret },
      gatewayEnv: ROOMY_BUDGETS,
      wsGatewayEnv: {
        KEYCLOAK_ADMIN_CLIENT_ID: clientId,
        KEYCLOAK_ADMIN_CLIENT_SECRET: clientSecret,
        KEYCLOAK_WATCH_INTERVAL_MS: '1000',
      },
      readyTimeoutMs: 180_000,
    });
    for (const who of ['moderator', 'banned', 'disabled', 'bystander']) {
      users[who] = await keycloak.createUser({
        roles: who === 'moderator' ? ['member', 'moderator'] : ['member'],
      });
      tokens[who] = await keycloak.passwordToken(users[who]);
      const api = new GatewayClient(platform.gatewayUrl, tokens[who]);
      await waitFor(`${who} provisioned`, async () => (await api.get('/api/v1/channels')).status === 200);
    }
  }, 300_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await platform?.stop();
    await keycloak.deleteClient(clientId);
    console.log(`session ends measured: ${measured.join('; ')}`);
  });

  it('a banned user loses every socket on every instance, hears why, and cannot come back with the old token', async () => {
    const [wsA, wsB] = platform.wsGatewayUrls;
    const onA = await open(wsA, 'banned');
    const onB = await open(wsB, 'banned');
    const viaGateway = await open(platform.gatewayUrl, 'banned');
    const bystander = await open(wsA, 'bystander');
    const ends = [onA, onB, viaGateway].map(endOf);

    const moderator = new GatewayClient(platform.gatewayUrl, tokens.moderator);
    const started = Date.now();
    const ban = await moderator.post('/api/v1/admin/moderation/actions', {
      action: 'ban',
      target_user_id: users.banned.id,
      reason: 'spam in every channel',
    });
    expect(ban.status).toBe(201);

    const results = await Promise.race([
      Promise.all(ends),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('sockets still open')), BOUND_MS)),
    ]);
    for (const { ended } of results)
      expect(ended).toMatchObject({ type: 'session.ended', data: { reason: 'banned' } });
    measured.push(`ban -> all 3 sockets cut in ${Math.max(...results.map((r) => r.at)) - started} ms`);
    expect(bystander.connected).toBe(true);

    for (const url of [wsA, wsB, platform.gatewayUrl])
      await expect(connectSocket(url, tokens.banned)).rejects.toThrow(/^banned$/);
  });

  it('a user disabled in Keycloak loses every socket and cannot come back with the old token', async () => {
    const [wsA, wsB] = platform.wsGatewayUrls;
    const onA = await open(wsA, 'disabled');
    const onB = await open(wsB, 'disabled');
    const bystander = await open(wsB, 'bystander');
    const ends = [onA, onB].map(endOf);

    const started = Date.now();
    await keycloak.disableUser(users.disabled.id);
    const results = await Promise.race([
      Promise.all(ends),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('sockets still open')), BOUND_MS)),
    ]);
    for (const { ended } of results)
      expect(ended).toMatchObject({ type: 'session.ended', data: { reason: 'unauthorized' } });
    measured.push(
      `Keycloak disable -> both sockets cut in ${Math.max(...results.map((r) => r.at)) - started} ms`,
    );
    expect(bystander.connected).toBe(true);

    await expect(connectSocket(wsA, tokens.disabled)).rejects.toThrow(/^unauthorized$/);
  });
});
