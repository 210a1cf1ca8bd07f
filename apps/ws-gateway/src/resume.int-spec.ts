import {
  GatewayClient,
  KeycloakAdmin,
  RunningPlatform,
  connectSocket,
  startPlatform,
  waitFor,
} from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { Socket } from 'socket.io-client';

interface Reaction {
  emoji: string;
  count: number;
  user_ids: string[];
}

interface Message {
  id: string;
  channel_id: string;
  seq: number;
  content: string;
  thread_root_id: string | null;
  also_send_to_channel: boolean;
  reply_count: number;
  reactions: Reaction[];
  edited_at: string | null;
  deleted_at: string | null;
}

interface Change {
  id: string;
  type: string;
  channel_id?: string;
  rev?: number;
  data: Record<string, unknown>;
}

interface SyncAnswer {
  ok: boolean;
  error?: string;
  channels?: Record<string, { events?: Change[]; truncated?: boolean; error?: string }>;
}

const CHANGE_TYPES = [
  'message.created',
  'message.updated',
  'message.deleted',
  'reaction.added',
  'reaction.removed',
];
/** Small, so that a resume has to page the rest by `/changes`. */
const SYNC_MAX = 15;
jest.setTimeout(120_000);
/**
 * The address budgets are shared in Redis with every test on this machine (all from 127.0.0.1): this
 * suite's counts go under keys of its own, so the suites after it keep their whole budget.
 */
const ROOMY_BUDGETS = {
  RATE_LIMIT_KEY_PREFIX: 'ratelimit-resume-test',
  RATE_LIMIT_IP_READS: '1000000',
  RATE_LIMIT_IP_WRITES: '1000000',
  RATE_LIMIT_USER_READS: '1000000',
  RATE_LIMIT_USER_WRITES: '1000000',
};

/**
 * What a client holds of some channels, built only from change envelopes applied in `rev` order,
 * the way the web app keeps its cache: the live socket, then `sync` and `/changes` after a break.
 */
class ClientState {
  readonly messages = new Map<string, Message>();
  readonly rev = new Map<string, number>();
  readonly gaps: string[] = [];
  /** Called on a jump in `rev`: the client fetches what it missed (as the web app does). */
  onGap: (channelId: string) => void = () => undefined;
  /** The gap fills under way, one after another. */
  filling: Promise<void> = Promise.resolve();

  constructor(channelIds: string[]) {
    for (const id of channelIds) this.rev.set(id, 0);
  }

  apply(change: Change): void {
    const channelId = change.channel_id!;
    const last = this.rev.get(channelId);
    if (last === undefined || change.rev === undefined || change.rev <= last) return; // not ours, or seen
    if (change.rev !== last + 1) {
      this.gaps.push(`${channelId}: ${last} -> ${change.rev}`);
      this.onGap(channelId);
      return;
    }
    this.rev.set(channelId, change.rev);
    const data = change.data;
    switch (change.type) {
      case 'message.created':
      case 'message.updated':
        this.messages.set(String(data.id), data as unknown as Message);
        break;
      case 'message.deleted': {
        const message = this.messages.get(String(data.id));
        if (message)
          this.messages.set(message.id, {
            ...message,
            content: '',
            reactions: [],
            deleted_at: String(data.deleted_at),
          });
        break;
      }
      case 'reaction.added':
      case 'reaction.removed': {
        const message = this.messages.get(String(data.message_id));
        if (!message) break;
        const emoji = String(data.emoji);
        const userId = String(data.user_id);
        const reactions = message.reactions.map((r) => ({ ...r, user_ids: [...r.user_ids] }));
        let entry = reactions.find((r) => r.emoji === emoji);
        if (change.type === 'reaction.added') {
          if (!entry) reactions.push((entry = { emoji, count: 0, user_ids: [] }));
          if (!entry.user_ids.includes(userId)) entry.user_ids.push(userId);
        } else if (entry) entry.user_ids = entry.user_ids.filter((id) => id !== userId);
        this.messages.set(message.id, {
          ...message,
          reactions: reactions.map((r) => ({ ...r, count: r.user_ids.length })).filter((r) => r.count > 0),
        });
        break;
      }
    }
  }

  /** What a person sees: per message, its text, thread, deletion and reactions. */
  view(channelId: string): string[] {
    return [...this.messages.values()]
      .filter((m) => m.channel_id === channelId)
      .map(summarize)
      .sort();
  }
}

function summarize(m: Message): string {
  const reactions = m.reactions
    .map((r) => `${r.emoji}:${[...r.user_ids].sort().join('+')}`)
    .sort()
    .join(',');
  return [
    m.seq,
    m.id,
    m.thread_root_id ?? '-',
    m.deleted_at ? 'deleted' : m.content,
    m.edited_at ? 'edited' : '',
    `replies=${m.reply_count}`,
    reactions,
  ].join('|');
}

/** A complete resume by `rev`, through two ws-gateway instances and the gateway, on the real stack. */
describe('resume by change number (rev)', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;
  const api: Record<string, GatewayClient> = {};
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const sockets: Socket[] = [];
  let channels: string[] = [];
  let wsA: string;
  let wsB: string;

  const post = async (who: string, channelId: string, content: string, extra: object = {}) => {
    const answer = await api[who].post<Message>(`/api/v1/channels/${channelId}/messages`, {
      content,
      ...extra,
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const edit = async (who: string, id: string, content: string) =>
    expect((await api[who].patch(`/api/v1/messages/${id}`, { content })).status).toBe(200);
  const remove = async (who: string, id: string) =>
    expect((await api[who].delete(`/api/v1/messages/${id}`)).status).toBe(204);
  const react = async (who: string, id: string, emoji: string, add = true) =>
    expect(
      (await api[who].request(add ? 'PUT' : 'DELETE', `/api/v1/messages/${id}/reactions/${emoji}`)).status,
    ).toBe(200);

  /** Everything at once in every channel: posts, edits, deletions, reactions, threads. */
  async function activity(tag: string): Promise<void> {
    await Promise.all(
      channels.map(async (channelId, index) => {
        const posted = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            post(i % 2 ? 'alice' : 'bob', channelId, `${tag} ${index}.${i}`),
          ),
        );
        const [a, b, c, d, e] = posted;
        const reply = await post('alice', channelId, `${tag} reply`, { thread_root_id: a.id });
        await post('bob', channelId, `${tag} reply shown`, {
          thread_root_id: a.id,
          also_send_to_channel: true,
        });
        await Promise.all([
          edit('bob', a.id, `${tag} root, edited`),
          edit('alice', b.id, `${tag} edited`),
          react('alice', c.id, 'thumbsup'),
          react('bob', c.id, 'thumbsup'),
          react('alice', a.id, 'tada'),
          react('bob', reply.id, 'eyes'),
          remove('bob', e.id),
        ]);
        await Promise.all([
          react('alice', c.id, 'thumbsup', false),
          remove('alice', reply.id),
          edit('alice', d.id, '✏️'),
        ]);
        await react('bob', d.id, 'heart');
      }),
    );
  }

  /** A fresh load by REST, as a person opening the app would get it (history, then each thread). */
  async function freshView(channelId: string): Promise<string[]> {
    const seen = new Map<string, Message>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `cursor=${encodeURIComponent(cursor)}&limit=200` : 'limit=200';
      const page = await api.bob.get<{ items: Message[]; next_cursor: string | null }>(
        `/api/v1/channels/${channelId}/messages?${query}`,
      );
      expect(page.status).toBe(200);
      for (const m of page.body.items) seen.set(m.id, m);
      cursor = page.body.next_cursor;
    } while (cursor);
    for (const root of [...seen.values()].filter((m) => m.thread_root_id === null && m.reply_count > 0)) {
      const replies = await api.bob.get<{ items: Message[] }>(
        `/api/v1/messages/${root.id}/replies?limit=200`,
      );
      for (const m of replies.body.items) seen.set(m.id, m);
    }
    return [...seen.values()].map(summarize).sort();
  }

  /** Waits until the state shows what a fresh load shows; past the wait, the difference fails the test. */
  async function caughtUp(state: ClientState, what: string): Promise<void> {
    try {
      await waitFor(what, async () => {
        const fresh = await Promise.all(channels.map(freshView));
        return channels.every((id, i) => JSON.stringify(state.view(id)) === JSON.stringify(fresh[i]));
      });
    } catch {
      for (const channelId of channels) expect(state.view(channelId)).toEqual(await freshView(channelId));
    }
  }

  /** Runs the writes at most `width` at a time. */
  async function inFlight(width: number, writes: Array<() => Promise<unknown>>): Promise<void> {
    const queue = [...writes];
    await Promise.all(
      Array.from({ length: width }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await next();
      }),
    );
  }

  /** Pages `/changes` from the state's cursor until the channel's end. */
  async function page(state: ClientState, channelId: string, limit: number): Promise<number> {
    let count = 0;
    for (;;) {
      const answer = await api.bob.get<{ items: Change[]; next_cursor: string | null }>(
        `/api/v1/channels/${channelId}/changes?after_rev=${state.rev.get(channelId)}&limit=${limit}`,
      );
      expect(answer.status).toBe(200);
      for (const change of answer.body.items) state.apply(change);
      count += answer.body.items.length;
      if (answer.body.next_cursor === null) return count;
    }
  }

  /**
   * Listens for changes on a socket into the state. The five change topics are five Kafka topics,
   * so live events of one channel may arrive out of `rev` order: a jump is filled from `/changes`.
   */
  function listen(socket: Socket, state: ClientState): void {
    state.onGap = (channelId) => {
      state.filling = state.filling.then(() => page(state, channelId, 100).then(() => undefined));
    };
    for (const type of CHANGE_TYPES) socket.on(type, (change: Change) => state.apply(change));
  }

  /** `sync` from the state's cursors, then `/changes` for every channel `sync` truncated. */
  async function resume(socket: Socket, state: ClientState): Promise<{ synced: number; paged: number }> {
    const cursors = Object.fromEntries(state.rev);
    const answer = (await socket.timeout(15_000).emitWithAck('sync', { cursors })) as SyncAnswer;
    expect(answer.ok).toBe(true);
    let synced = 0;
    let paged = 0;
    for (const channelId of channels) {
      const result = answer.channels?.[channelId];
      expect(result?.events).toBeDefined();
      for (const change of result!.events!) state.apply(change);
      synced += result!.events!.length;
      if (result!.truncated) paged += await page(state, channelId, 7);
    }
    return { synced, paged };
  }

  beforeAll(async () => {
    platform = await startPlatform(['users', 'channels', 'messaging'], {
      base: 21000,
      wsGateways: 2,
      wsGatewayEnv: { SYNC_MAX_PER_CHANNEL: String(SYNC_MAX) },
      gatewayEnv: ROOMY_BUDGETS,
      readyTimeoutMs: 180_000,
    });
    [wsA, wsB] = platform.wsGatewayUrls;
    for (const who of ['alice', 'bob', 'carol']) {
      const user = await keycloak.createUser();
      ids[who] = user.id;
      tokens[who] = await keycloak.passwordToken(user);
      api[who] = new GatewayClient(platform.gatewayUrl, tokens[who]);
      await waitFor(
        `${who} provisioned`,
        async () => (await api[who].get('/api/v1/channels')).status === 200,
      );
    }
    const open = await api.alice.post<{ id: string }>('/api/v1/channels', {
      name: `resume-${randomUUID().slice(0, 8)}`,
      is_private: false,
    });
    const secret = await api.alice.post<{ id: string }>('/api/v1/channels', {
      name: `resume-p-${randomUUID().slice(0, 8)}`,
      is_private: true,
    });
    const dm = await api.alice.post<{ id: string }>('/api/v1/dms', { user_ids: [ids.bob] });
    expect([open.status, secret.status, dm.status]).toEqual([201, 201, 201]);
    expect((await api.bob.post(`/api/v1/channels/${open.body.id}/join`)).status).toBeLessThan(300);
    expect(
      (await api.alice.post(`/api/v1/channels/${secret.body.id}/members`, { user_id: ids.bob })).status,
    ).toBe(201);
    channels = [open.body.id, secret.body.id, dm.body.id];
  }, 300_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await platform?.stop();
  });

  it('a client offline while messages are posted, edited, deleted, reacted to and threaded resumes to exactly the fresh state', async () => {
    const state = new ClientState(channels);
    const socket = await connectSocket(platform.gatewayUrl, tokens.bob);
    sockets.push(socket);
    listen(socket, state);
    await activity('online');
    await caughtUp(state, 'the live changes on the socket');
    console.log(`live: ${state.gaps.length} jumps in rev filled from /changes`);

    socket.close();
    // A gap fill still under way would read the offline changes by REST: it ends first.
    await state.filling;
    const before = new Map(state.rev);
    await activity('offline');
    await activity('offline again');

    const back = await connectSocket(platform.gatewayUrl, tokens.bob);
    sockets.push(back);
    listen(back, state);
    const { synced, paged } = await resume(back, state);
    expect(paged).toBeGreaterThan(0); // more than `sync` gives per channel: the rest came by /changes
    for (const channelId of channels) {
      expect(state.view(channelId)).toEqual(await freshView(channelId));
      expect(state.rev.get(channelId)).toBeGreaterThan(before.get(channelId)!);
    }
    expect(synced).toBe(SYNC_MAX * channels.length);
    back.close();
  });

  it('every change of a channel has a rev, 1..N with no gap or repeat, under 300 concurrent posts and reactions', async () => {
    const created = await api.alice.post<{ id: string }>('/api/v1/channels', {
      name: `revs-${randomUUID().slice(0, 8)}`,
      is_private: false,
    });
    expect(created.status).toBe(201);
    const channelId = created.body.id;
    expect((await api.bob.post(`/api/v1/channels/${channelId}/join`)).status).toBeLessThan(300);
    const heard: Change[] = [];
    const socket = await connectSocket(wsB, tokens.bob);
    sockets.push(socket);
    for (const type of CHANGE_TYPES)
      socket.on(type, (change: Change) => change.channel_id === channelId && heard.push(change));

    // 300 changes, 25 requests in flight at a time (posts and reactions mixed).
    const first: Message[] = [];
    await inFlight(
      25,
      Array.from({ length: 100 }, (_, i) => async () => {
        first[i] = await post(i % 2 ? 'alice' : 'bob', channelId, `r${i}`);
      }),
    );
    const writes: Array<() => Promise<unknown>> = [];
    for (let i = 0; i < 50; i += 1) {
      writes.push(() => post('alice', channelId, `more ${i}`));
      writes.push(() => react(i % 2 ? 'alice' : 'bob', first[i].id, 'thumbsup'));
      writes.push(() => react('alice', first[99 - i].id, 'tada'));
      writes.push(() => react('bob', first[i].id, 'eyes'));
    }
    await inFlight(25, writes);
    const total = 300;

    const revs: number[] = [];
    let after = 0;
    for (;;) {
      const page = await api.alice.get<{ items: Change[]; next_cursor: string | null }>(
        `/api/v1/channels/${channelId}/changes?after_rev=${after}&limit=500`,
      );
      expect(page.status).toBe(200);
      revs.push(...page.body.items.map((c) => c.rev!));
      if (!page.body.next_cursor) break;
      after = revs[revs.length - 1];
    }
    expect(revs).toEqual(Array.from({ length: total }, (_, i) => i + 1));

    // The socket carried every one of them with its rev, too.
    await waitFor('all changes on the socket', () => heard.length >= total);
    expect(heard.map((c) => c.rev).sort((a, b) => a! - b!)).toEqual(revs);
    socket.close();
  });

  it('refuses /changes to non-members (private: 404) and bad parameters (400 problem+json)', async () => {
    const [open, secret] = channels;
    expect((await api.carol.get(`/api/v1/channels/${secret}/changes`)).status).toBe(404);
    expect((await api.carol.get(`/api/v1/channels/${open}/changes`)).status).toBe(403);
    for (const query of [
      'after_rev=-1',
      'limit=0',
      'limit=501',
      'after_rev=x',
      'cursor=nonsense',
      'colour=red',
    ]) {
      const answer = await api.bob.get(`/api/v1/channels/${open}/changes?${query}`);
      expect([query, answer.status]).toEqual([query, 400]);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await api.bob.get(`/api/v1/channels/not-a-uuid/changes`)).status).toBe(400);
    // A socket sync names the channel it refuses.
    const socket = await connectSocket(platform.gatewayUrl, tokens.carol);
    sockets.push(socket);
    const answer = (await socket
      .timeout(10_000)
      .emitWithAck('sync', { cursors: { [secret]: 0 } })) as SyncAnswer;
    expect(answer).toEqual({ ok: true, channels: { [secret]: { error: 'not_a_member' } } });
    socket.close();
  });

  it('resumes completely after the ws-gateway instance it was on is killed and it reconnects to the other', async () => {
    const state = new ClientState(channels);
    // Up to date first: from rev 0, everything so far.
    const socket = await connectSocket(wsA, tokens.bob);
    sockets.push(socket);
    listen(socket, state);
    await resume(socket, state);
    await activity('before the crash');
    await caughtUp(state, 'the live changes on instance A');

    const instanceA = platform.services.find((s) => s.app === 'ws-gateway' && s.url === wsA)!;
    const writing = activity('during the crash');
    process.kill(instanceA.pid!, 'SIGKILL');
    await instanceA.exited();
    await writing;
    await activity('after the crash');

    const other = await connectSocket(wsB, tokens.bob);
    sockets.push(other);
    listen(other, state);
    await resume(other, state);
    for (const channelId of channels) expect(state.view(channelId)).toEqual(await freshView(channelId));
    other.close();
  });
});
