import type {
  AnySocketEnvelope,
  ClientToServerEvents,
  ServerToClientEvents,
  SyncAck,
} from '@colink/contracts';
import { QueryClient } from '@tanstack/react-query';
import { Socket, io } from 'socket.io-client';
import { signOutBanned } from '../admin/signed-out-reason';
import { accessToken, onTokenRenewed, userManager } from '../auth/oidc';
import { queryKeys } from '../api/query-client';
import { fetchAfter } from '../messages/api';
import { MessageWindow, maxSeq } from '../messages/model/message-window';
import { applyEvent } from './apply-event';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

const SERVER_EVENTS = [
  'message.created',
  'message.updated',
  'message.deleted',
  'reaction.added',
  'reaction.removed',
  'channel.updated',
  'channel.member_added',
  'channel.member_removed',
  'presence.updated',
  'typing',
  'file.scanned',
  'moderation.action',
] as const satisfies readonly (keyof ServerToClientEvents)[];

const HEARTBEAT_MS = 30_000;
const SEEN_IDS_KEPT = 2_000;
/** How long a change that arrived ahead of its channel's next waits before `sync` is asked. */
const GAP_WAIT_MS = 1_000;

type ColinkSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The socket.io connection through the gateway: events go into the query cache; on every
 * reconnect, and when a `seq` or `rev` gap shows, what was missed is fetched with `sync` and REST.
 */
export class RealtimeConnection {
  private socket: ColinkSocket;
  private state: ConnectionState = 'connecting';
  private listeners = new Set<(state: ConnectionState) => void>();
  private everConnected = false;
  private seen = new Set<string>();
  private lastRev = new Map<string, number>();
  private held = new Map<string, Map<number, AnySocketEnvelope>>();
  private gapTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private lastSeq = new Map<string, number>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private cleanups: Array<() => void> = [];

  constructor(
    private readonly client: QueryClient,
    private readonly selfId: string,
  ) {
    this.socket = io(window.location.origin, {
      path: '/socket.io',
      transports: ['websocket', 'polling'],
      // A function, so every (re)connect presents the current token.
      auth: (cb) => void accessToken().then((token) => cb({ token: token ?? '' })),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket.on('connect', () => this.connected());
    this.socket.on('disconnect', (reason) => {
      clearInterval(this.heartbeat);
      if (reason === 'io client disconnect' && !navigator.onLine) return this.setState('offline');
      this.setState('reconnecting');
      // The server cut us (e.g. an expired token): socket.io does not retry that on its own.
      if (reason === 'io server disconnect') this.renewThenConnect();
    });
    this.socket.on('connect_error', (error) => {
      this.setState(this.everConnected ? 'reconnecting' : 'connecting');
      if (error.message === 'unauthorized') this.renewThenConnect();
      if (error.message === 'banned') signOutBanned();
    });
    // One handler for every event: the envelope's `type` says which it is.
    const untyped = this.socket as unknown as Socket;
    for (const event of SERVER_EVENTS)
      untyped.on(event, (envelope: AnySocketEnvelope) => this.receive(envelope));
    // The server ends the session with a reason just before it disconnects: a ban signs the person out.
    untyped.on('session.ended', (envelope: { data?: { reason?: string } } | undefined) => {
      if (envelope?.data?.reason === 'banned') signOutBanned();
    });

    this.cleanups.push(
      onTokenRenewed((token) => {
        if (this.socket.connected) this.socket.emit('auth.refresh', { token }, () => undefined);
      }),
    );
    // A lost network is noticed at once rather than at the next ping timeout.
    const offline = () => {
      this.socket.disconnect();
      this.setState('offline');
    };
    const online = () => {
      if (!this.socket.connected) this.socket.connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.cleanups.push(() => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    });
    const visible = () => {
      if (document.visibilityState === 'visible' && !this.socket.connected && navigator.onLine)
        this.socket.connect();
    };
    document.addEventListener('visibilitychange', visible);
    this.cleanups.push(() => document.removeEventListener('visibilitychange', visible));
  }

  get current(): ConnectionState {
    return this.state;
  }

  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  typing(channelId: string): void {
    if (this.socket.connected) this.socket.emit('typing', { channel_id: channelId }, () => undefined);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.gapTimers.forEach((timer) => clearTimeout(timer));
    this.cleanups.forEach((cleanup) => cleanup());
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.listeners.forEach((listener) => listener(state));
  }

  private renewThenConnect(): void {
    void userManager
      .signinSilent()
      .catch(() => null)
      .then(() => {
        if (!this.socket.connected) this.socket.connect();
      });
  }

  private connected(): void {
    const again = this.everConnected;
    this.everConnected = true;
    this.setState('connected');
    clearInterval(this.heartbeat);
    this.socket.emit('presence.heartbeat', {}, () => undefined);
    this.heartbeat = setInterval(
      () => this.socket.emit('presence.heartbeat', {}, () => undefined),
      HEARTBEAT_MS,
    );
    if (again) void this.catchUp();
  }

  /**
   * A channel's changes are applied in `rev` order: each kind of change is its own Kafka topic, so
   * live events of one channel can arrive out of order, and a later change applied first would be
   * undone by an earlier one (a `message.updated` carries the whole message). One that arrives
   * ahead is held; the missing one usually follows at once, else `sync` fetches it.
   */
  private receive(envelope: AnySocketEnvelope): void {
    if (this.seen.has(envelope.id)) return;
    const channelId = envelope.channel_id;
    if (channelId && typeof envelope.rev === 'number') {
      const last = this.lastRev.get(channelId);
      if (last !== undefined && envelope.rev <= last) return this.remember(envelope.id); // had it
      if (last !== undefined && envelope.rev > last + 1) return this.hold(channelId, envelope.rev, envelope);
      this.lastRev.set(channelId, envelope.rev);
      this.apply(envelope);
      this.releaseHeld(channelId);
      return;
    }
    this.apply(envelope);
  }

  private hold(channelId: string, rev: number, envelope: AnySocketEnvelope): void {
    const held = this.held.get(channelId) ?? new Map<number, AnySocketEnvelope>();
    held.set(rev, envelope);
    this.held.set(channelId, held);
    if (this.gapTimers.has(channelId)) return;
    this.gapTimers.set(
      channelId,
      setTimeout(() => {
        this.gapTimers.delete(channelId);
        if (this.held.get(channelId)?.size) void this.catchUp([channelId]);
      }, GAP_WAIT_MS),
    );
  }

  /** Applies the held changes that now follow on. */
  private releaseHeld(channelId: string): void {
    const held = this.held.get(channelId);
    if (!held) return;
    for (;;) {
      const last = this.lastRev.get(channelId) ?? 0;
      for (const rev of held.keys()) if (rev <= last) held.delete(rev);
      const next = held.get(last + 1);
      if (!next) break;
      held.delete(last + 1);
      if (this.seen.has(next.id)) continue;
      this.lastRev.set(channelId, last + 1);
      this.apply(next);
    }
    if (held.size === 0) {
      this.held.delete(channelId);
      clearTimeout(this.gapTimers.get(channelId));
      this.gapTimers.delete(channelId);
    }
  }

  private apply(envelope: AnySocketEnvelope): void {
    this.remember(envelope.id);
    const channelId = envelope.channel_id;
    if (envelope.type === 'message.created' && channelId && typeof envelope.seq === 'number') {
      const window = this.client.getQueryData<MessageWindow>(queryKeys.messages(channelId));
      const last = this.lastSeq.get(channelId) ?? maxSeq(window);
      this.lastSeq.set(channelId, Math.max(last, envelope.seq));
      // Replies take seq numbers too, so a jump may be a thread; the fetch then finds nothing new.
      if (window && last > 0 && envelope.seq > last + 1 && envelope.rev === undefined)
        void fetchAfter(this.client, channelId, maxSeq(window)).catch(() => undefined);
    }
    applyEvent(this.client, envelope, this.selfId);
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS_KEPT) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }

  /**
   * After a reconnect (or a gap): `sync` from the last `rev` seen in each channel whose history is
   * held; the changes come back as the envelopes missed and are applied in `rev` order. A channel
   * with no `rev` seen yet, one `sync` truncated or refused, and the read state and open threads are
   * read again by REST.
   */
  private async catchUp(only?: string[]): Promise<void> {
    const held = this.client
      .getQueriesData<MessageWindow>({ queryKey: ['messages'] })
      .filter(([, window]) => window !== undefined)
      .map(([key, window]) => ({ channelId: String(key[1]), window: window! }))
      .filter(({ channelId }) => !only || only.includes(channelId));
    if (!only) void this.client.invalidateQueries({ queryKey: queryKeys.joined });
    const cursors: Record<string, number> = {};
    for (const { channelId } of held) {
      const rev = this.lastRev.get(channelId);
      if (rev !== undefined && Object.keys(cursors).length < 200) cursors[channelId] = rev;
    }
    const needRest = new Set(held.map((h) => h.channelId));
    if (Object.keys(cursors).length > 0) {
      try {
        const answer: SyncAck = await this.socket.timeout(10_000).emitWithAck('sync', { cursors });
        if (answer.ok) {
          for (const [channelId, result] of Object.entries(answer.channels)) {
            if (!('events' in result)) continue;
            // In rev order, so the gap check in receive() never fires on the answer itself.
            result.events.forEach((envelope) => this.receive(envelope));
            if (!result.truncated) needRest.delete(channelId);
          }
        }
      } catch {
        // No answer: REST below covers it.
      }
    }
    // Edits, deletions and reactions on held messages: the latest page again, merged in.
    for (const channelId of needRest)
      void this.client.invalidateQueries({ queryKey: queryKeys.messages(channelId) });
    if (!only) void this.client.invalidateQueries({ queryKey: ['thread'] });
  }
}
