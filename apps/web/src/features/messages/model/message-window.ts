import type { MessageView } from '@colink/contracts';

/** A message typed by this person that the server has not confirmed yet. */
export interface PendingMessage {
  /** Also the request's Idempotency-Key, so a retry can never post twice. */
  clientId: string;
  channelId: string;
  content: string;
  threadRootId: string | null;
  alsoSendToChannel: boolean;
  /** Uploaded (confirmed) files attached to the message. */
  fileIds?: string[];
  createdAt: string;
  state: 'sending' | 'failed';
  error?: string;
}

/**
 * The part of a channel's (or a thread's) history the app holds: a contiguous run of messages in
 * ascending `seq`, whether older ones exist, and what this person is still sending.
 */
export interface MessageWindow {
  items: MessageView[];
  hasOlder: boolean;
  pending: PendingMessage[];
}

export const emptyWindow: MessageWindow = { items: [], hasOlder: false, pending: [] };

export function bySeq(a: MessageView, b: MessageView): number {
  return a.seq - b.seq;
}

export function maxSeq(window: MessageWindow | undefined): number {
  const items = window?.items ?? [];
  return items.length ? items[items.length - 1].seq : 0;
}

/** Adds or replaces messages (by id), keeping seq order. */
export function upsertMessages(window: MessageWindow, messages: MessageView[]): MessageWindow {
  if (messages.length === 0) return window;
  const byId = new Map(window.items.map((m) => [m.id, m]));
  for (const message of messages) byId.set(message.id, message);
  return { ...window, items: [...byId.values()].sort(bySeq) };
}

/** Older history, scrolled back to. */
export function prependOlder(window: MessageWindow, older: MessageView[], hasOlder: boolean): MessageWindow {
  return { ...upsertMessages(window, older), hasOlder };
}

/**
 * The latest page, fetched again (on reconnect or a gap): merged when it meets what is held,
 * otherwise it replaces it (a hole would be worse than scrolling back again).
 */
export function mergeLatest(
  window: MessageWindow | undefined,
  latest: MessageView[],
  hasOlder: boolean,
): MessageWindow {
  if (!window || window.items.length === 0)
    return { items: [...latest].sort(bySeq), hasOlder, pending: window?.pending ?? [] };
  if (latest.length === 0) return window;
  const oldestNew = Math.min(...latest.map((m) => m.seq));
  const newestHeld = maxSeq(window);
  const meets = oldestNew <= newestHeld + 1 || !hasOlder;
  if (!meets) return { items: [...latest].sort(bySeq), hasOlder: true, pending: window.pending };
  return upsertMessages(window, latest);
}

/** An edit or a deletion: only messages already held change. */
export function patchMessage(
  window: MessageWindow,
  id: string,
  patch: (message: MessageView) => MessageView,
): MessageWindow {
  let changed = false;
  const items = window.items.map((m) => {
    if (m.id !== id) return m;
    changed = true;
    return patch(m);
  });
  return changed ? { ...window, items } : window;
}

export function tombstone(message: MessageView, deletedAt: string): MessageView {
  return { ...message, content: '', deleted_at: deletedAt, reactions: [], files: [] };
}

/** A reaction added or removed by one person; applying the same change twice changes nothing. */
export function applyReaction(
  message: MessageView,
  emoji: string,
  userId: string,
  added: boolean,
): MessageView {
  const reactions = message.reactions.map((r) => ({ ...r, user_ids: [...r.user_ids] }));
  let reaction = reactions.find((r) => r.emoji === emoji);
  if (!reaction) {
    if (!added) return message;
    reaction = { emoji, count: 0, user_ids: [] };
    reactions.push(reaction);
  }
  const has = reaction.user_ids.includes(userId);
  if (added === has) return message;
  reaction.user_ids = added
    ? [...reaction.user_ids, userId]
    : reaction.user_ids.filter((id) => id !== userId);
  reaction.count = reaction.user_ids.length;
  return { ...message, reactions: reactions.filter((r) => r.count > 0) };
}

export function addPending(window: MessageWindow, pending: PendingMessage): MessageWindow {
  return { ...window, pending: [...window.pending.filter((p) => p.clientId !== pending.clientId), pending] };
}

export function setPendingState(
  window: MessageWindow,
  clientId: string,
  state: PendingMessage['state'],
  error?: string,
): MessageWindow {
  return {
    ...window,
    pending: window.pending.map((p) => (p.clientId === clientId ? { ...p, state, error } : p)),
  };
}

/** The server confirmed a pending message: it becomes the real one. */
export function confirmPending(
  window: MessageWindow,
  clientId: string,
  message: MessageView | null,
): MessageWindow {
  const without = { ...window, pending: window.pending.filter((p) => p.clientId !== clientId) };
  return message ? upsertMessages(without, [message]) : without;
}

/** Whether a message belongs in the channel's own history (thread replies do only when also sent). */
export function inChannelHistory(
  message: Pick<MessageView, 'thread_root_id' | 'also_send_to_channel'>,
): boolean {
  return message.thread_root_id === null || message.also_send_to_channel;
}

/** One row of the rendered list: a day separator, the unread line or a message. */
export type FeedRow =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'new'; key: string }
  | { kind: 'message'; key: string; message: MessageView; grouped: boolean }
  | { kind: 'pending'; key: string; pending: PendingMessage; grouped: boolean };

const GROUP_GAP_MS = 5 * 60_000;

function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function dayLabel(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const today = dayKey(now.toISOString());
  const yesterday = dayKey(new Date(now.getTime() - 86_400_000).toISOString());
  const key = dayKey(iso);
  if (key === today) return 'Today';
  if (key === yesterday) return 'Yesterday';
  return d.toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
}

/**
 * The rows of the feed: day separators, the "new messages" line after `lastReadSeq` (when
 * something after it came from someone else), and author grouping within five minutes.
 */
export function buildFeed(
  window: MessageWindow,
  options: { lastReadSeq: number | null; selfId: string | null; now?: Date },
): FeedRow[] {
  const rows: FeedRow[] = [];
  let previous: { userId: string; at: number; day: string; deleted: boolean } | null = null;
  let newLineShown = false;
  for (const message of window.items) {
    const day = dayKey(message.created_at);
    if (!previous || previous.day !== day) {
      rows.push({
        kind: 'day',
        key: `day-${day}-${message.seq}`,
        label: dayLabel(message.created_at, options.now),
      });
      previous = null;
    }
    if (
      !newLineShown &&
      options.lastReadSeq !== null &&
      message.seq > options.lastReadSeq &&
      message.user_id !== options.selfId
    ) {
      rows.push({ kind: 'new', key: 'new-messages' });
      newLineShown = true;
      previous = null;
    }
    const at = Date.parse(message.created_at);
    const grouped =
      previous !== null &&
      previous.userId === message.user_id &&
      !previous.deleted &&
      message.deleted_at === null &&
      at - previous.at < GROUP_GAP_MS;
    rows.push({ kind: 'message', key: message.id, message, grouped });
    previous = { userId: message.user_id, at, day, deleted: message.deleted_at !== null };
  }
  for (const pending of window.pending) {
    const grouped = previous !== null && previous.userId === options.selfId;
    rows.push({ kind: 'pending', key: `pending-${pending.clientId}`, pending, grouped });
    previous = {
      userId: options.selfId ?? '',
      at: Date.now(),
      day: dayKey(pending.createdAt),
      deleted: false,
    };
  }
  return rows;
}
