import {
  IDENTITY_HEADER,
  Identity,
  SERVICE_HEADER,
  createKafka,
  signIdentity,
  signServiceCredential,
} from '@colink/platform';
import { ServiceProcess, TopicReader, stackEnv, waitFor } from '@colink/testing';
import { randomUUID } from 'node:crypto';

const secret = `presence-int-${randomUUID()}`;
const TTL_S = 2;
jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface View {
  user_id: string;
  status: string;
  last_seen_at: string | null;
}

/** A presence view or a problem+json body. */
interface Reply {
  user_id?: string;
  status?: string | number;
  last_seen_at?: string | null;
  title?: string;
  errors?: Array<{ field: string }>;
}

interface PresenceEvent {
  id: string;
  type: string;
  actor_id: string | null;
  data: View;
}

/** The built presence service, two replicas sharing Redis, on the real Redis and Kafka. */
describe('presence', () => {
  const replicas = [15604, 15605].map(
    (port) =>
      new ServiceProcess('presence', port, {
        INTERNAL_AUTH_SECRET: secret,
        PRESENCE_TTL_S: String(TTL_S),
        PRESENCE_SWEEP_INTERVAL_MS: '200',
      }),
  );
  const reader = new TopicReader(createKafka({ brokers: stackEnv.kafkaBrokers, clientId: 'presence-int' }));

  const identity = (sub = randomUUID()): Identity => ({
    sub,
    username: `u-${sub.slice(0, 8)}`,
    email: null,
    name: null,
    roles: ['member'],
  });
  const call = async (
    method: string,
    path: string,
    who: Identity | null,
    body?: unknown,
    replica = 0,
  ): Promise<{ status: number; type: string; body: Reply }> => {
    const headers: Record<string, string> = {};
    if (who) headers[IDENTITY_HEADER] = signIdentity(who, secret);
    if (who && path.startsWith('/internal/'))
      headers[SERVICE_HEADER] = signServiceCredential('ws-gateway', 'presence', secret);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${replicas[replica].url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: (text ? JSON.parse(text) : {}) as Reply,
    };
  };
  const asker = identity();
  const get = async (...ids: string[]) => {
    const response = await call('GET', `/api/v1/presence?user_ids=${ids.join(',')}`, asker);
    expect(response.status).toBe(200);
    return response.body as unknown as View[];
  };
  const eventsOf = (userId: string) =>
    reader.envelopes<PresenceEvent>('presence.updated').filter((e) => e.data.user_id === userId);

  beforeAll(async () => {
    for (const replica of replicas) replica.start();
    await Promise.all(replicas.map((replica) => replica.ready(60_000)));
    await reader.start(['presence.updated']);
  }, 90_000);

  afterAll(async () => {
    await reader.close();
    await Promise.all(replicas.map((replica) => replica.stop()));
  });

  it('PUT then GET returns the chosen status and last seen, and announces it once', async () => {
    const me = identity();
    const put = await call('PUT', '/api/v1/presence/me', me, { status: 'dnd' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ user_id: me.sub, status: 'dnd' });
    const [view] = await get(me.sub);
    expect(view).toEqual({ user_id: me.sub, status: 'dnd', last_seen_at: put.body.last_seen_at });
    expect(Date.parse(view.last_seen_at!)).toBeGreaterThan(Date.now() - 5_000);

    await waitFor('presence.updated dnd', () => eventsOf(me.sub).length === 1);
    const [event] = eventsOf(me.sub);
    expect(event).toMatchObject({ type: 'presence.updated', actor_id: me.sub, data: { status: 'dnd' } });
    const record = reader.records.find((r) => r.value?.includes(event.id));
    expect(record?.key).toBe(me.sub);

    // The same status again is no change: nothing more is announced.
    expect((await call('PUT', '/api/v1/presence/me', me, { status: 'dnd' }, 1)).status).toBe(200);
    await sleep(500);
    expect(eventsOf(me.sub)).toHaveLength(1);
  });

  it('reads a user never seen as offline, with no last seen, in the order asked', async () => {
    const seen = identity();
    const never = randomUUID();
    await call('PUT', '/api/v1/presence/me', seen, { status: 'away' });
    expect(await get(never, seen.sub)).toEqual([
      { user_id: never, status: 'offline', last_seen_at: null },
      expect.objectContaining({ user_id: seen.sub, status: 'away' }),
    ]);
  });

  it('goes offline after the TTL without a heartbeat, announced once across two replicas, and keeps the choice', async () => {
    const me = identity();
    expect((await call('PUT', '/api/v1/presence/me', me, { status: 'away' })).status).toBe(200);
    const beat = await call('POST', '/internal/v1/presence/heartbeat', me, {}, 1);
    expect(beat.status).toBe(200);
    expect(beat.body).toMatchObject({ user_id: me.sub, status: 'away' });
    expect((await get(me.sub))[0].status).toBe('away');

    await waitFor(
      'the offline event',
      () => eventsOf(me.sub).some((e) => e.data.status === 'offline'),
      15_000,
    );
    const [view] = await get(me.sub);
    expect(view.status).toBe('offline');
    expect(view.last_seen_at).toBe(beat.body.last_seen_at);
    await sleep(1_000); // several sweeps of both replicas
    const statuses = eventsOf(me.sub).map((e) => e.data.status);
    expect(statuses).toEqual(['away', 'offline']);
    const offline = eventsOf(me.sub)[1];
    expect(offline.actor_id).toBeNull();
    expect(offline.data.last_seen_at).toBe(beat.body.last_seen_at);

    // A heartbeat brings back the status they chose.
    expect((await call('POST', '/internal/v1/presence/heartbeat', me, {})).body.status).toBe('away');
    await waitFor('away again', () => eventsOf(me.sub).length === 3);
  });

  it('goes offline at once when ws-gateway reports the last socket gone', async () => {
    const me = identity();
    await call('POST', '/internal/v1/presence/heartbeat', me, {});
    const gone = await call('POST', '/internal/v1/presence/disconnect', me, {}, 1);
    expect(gone.status).toBe(200);
    expect(gone.body.status).toBe('offline');
    expect((await get(me.sub))[0].status).toBe('offline');
    await waitFor('online then offline', () => eventsOf(me.sub).length === 2);
    expect(eventsOf(me.sub).map((e) => e.data.status)).toEqual(['online', 'offline']);
  });

  it('refuses bad input with 400 problem+json and changes nothing', async () => {
    const me = identity();
    expect((await call('PUT', '/api/v1/presence/me', me, { status: 'dnd' })).status).toBe(200);
    await waitFor('dnd', () => eventsOf(me.sub).length === 1);
    const ids = (n: number) => Array.from({ length: n }, () => randomUUID()).join(',');
    const bad: Array<[string, string, unknown, string]> = [
      ['PUT', '/api/v1/presence/me', { status: 'busy' }, 'status'],
      ['PUT', '/api/v1/presence/me', { status: 'away', emoji: 'x' }, 'emoji'],
      ['PUT', '/api/v1/presence/me', {}, 'status'],
      ['GET', `/api/v1/presence?user_ids=${ids(201)}`, undefined, 'user_ids'],
      ['GET', `/api/v1/presence?user_ids=${randomUUID()},not-a-uuid`, undefined, 'user_ids'],
      ['GET', `/api/v1/presence?user_ids=${randomUUID()}&limit=3`, undefined, 'limit'],
      ['GET', '/api/v1/presence', undefined, 'user_ids'],
      ['POST', '/internal/v1/presence/heartbeat', { status: 'online' }, 'status'],
    ];
    for (const [method, path, body, field] of bad) {
      const response = await call(method, path, me, body);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.type).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, title: expect.any(String) });
      expect(response.body.errors?.map((e) => e.field)).toContain(field);
    }
    expect((await get(me.sub))[0].status).toBe('dnd');
    expect((await call('GET', `/api/v1/presence?user_ids=${ids(200)}`, me)).body).toHaveLength(200);
    await sleep(300);
    expect(eventsOf(me.sub)).toHaveLength(1);
  });

  it('answers only the signed identity, and keeps the internal route out of the OpenAPI', async () => {
    expect((await call('GET', `/api/v1/presence?user_ids=${randomUUID()}`, null)).status).toBe(401);
    expect((await call('POST', '/internal/v1/presence/heartbeat', null, {})).status).toBe(401);
    const userOnly = await fetch(`${replicas[0].url}/internal/v1/presence/heartbeat`, {
      method: 'POST',
      headers: { [IDENTITY_HEADER]: signIdentity(identity(), secret), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(userOnly.status).toBe(403); // a user identity is not a service credential
    const docs = await fetch(`${replicas[0].url}/openapi.json`);
    expect(docs.status).toBe(200);
    const paths = Object.keys(((await docs.json()) as { paths: object }).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/presence/me', '/api/v1/presence']));
    expect(paths.some((p) => p.startsWith('/internal'))).toBe(false);
  });
});
