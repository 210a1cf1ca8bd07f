import type { MessageEdit, MessageView } from '@colink/contracts';
import { QueryClient, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { myModeration } from '../admin/my-moderation';
import { ApiError, api, isRetryable } from '../api/http';
import { queryKeys } from '../api/query-client';
import {
  MessageWindow,
  PendingMessage,
  addPending,
  applyReaction,
  confirmPending,
  emptyWindow,
  mergeLatest,
  patchMessage,
  prependOlder,
  setPendingState,
  tombstone,
  upsertMessages,
} from './model/message-window';

export const PAGE_SIZE = 50;

interface Page {
  items: MessageView[];
  next_cursor: string | null;
}

/** The channel's latest messages; a refetch (reconnect, gap) merges into what is already held. */
export const messagesQuery = (client: QueryClient, channelId: string) =>
  queryOptions({
    queryKey: queryKeys.messages(channelId),
    queryFn: async ({ signal }) => {
      const page = await api<Page>('GET', `/channels/${channelId}/messages?limit=${PAGE_SIZE}`, { signal });
      const held = client.getQueryData<MessageWindow>(queryKeys.messages(channelId));
      return mergeLatest(held, page.items, page.next_cursor !== null || page.items.length >= PAGE_SIZE);
    },
    staleTime: Infinity,
  });

export function useMessages(channelId: string | undefined) {
  const client = useQueryClient();
  return useQuery({ ...messagesQuery(client, channelId ?? ''), enabled: Boolean(channelId) });
}

/** Scrolling back: the page before the oldest held message. */
export function useLoadOlder(channelId: string) {
  const client = useQueryClient();
  const [loading, setLoading] = useState(false);
  const load = useCallback(async () => {
    const window = client.getQueryData<MessageWindow>(queryKeys.messages(channelId));
    if (!window || !window.hasOlder || loading) return;
    const oldest = window.items[0]?.seq;
    if (oldest === undefined) return;
    setLoading(true);
    try {
      const page = await api<Page>(
        'GET',
        `/channels/${channelId}/messages?before_seq=${oldest}&limit=${PAGE_SIZE}`,
      );
      client.setQueryData<MessageWindow>(queryKeys.messages(channelId), (w) =>
        prependOlder(
          w ?? emptyWindow,
          page.items,
          page.items.length >= PAGE_SIZE && page.items[0]?.seq !== 1,
        ),
      );
    } finally {
      setLoading(false);
    }
  }, [channelId, client, loading]);
  return { load, loading };
}

const JUMP_PAGE = 200;
const JUMP_MAX_ROUNDS = 50;

/**
 * Loads history backwards until the message with `seq` is held (a search hit, a link to a message),
 * so the list around it is the real, contiguous history. Bounded: 50 pages of 200 (10,000 messages).
 * Resolves true when the message is held.
 */
export async function loadBackTo(client: QueryClient, channelId: string, seq: number): Promise<boolean> {
  const key = queryKeys.messages(channelId);
  for (let round = 0; round < JUMP_MAX_ROUNDS; round += 1) {
    const held = client.getQueryData<MessageWindow>(key);
    const oldest = held?.items[0]?.seq;
    if (!held || oldest === undefined) return false;
    if (oldest <= seq) return true;
    if (!held.hasOlder) return false;
    const page = await api<Page>(
      'GET',
      `/channels/${channelId}/messages?before_seq=${oldest}&limit=${JUMP_PAGE}`,
    );
    client.setQueryData<MessageWindow>(key, (w) =>
      prependOlder(w ?? emptyWindow, page.items, page.items.length >= JUMP_PAGE && page.items[0]?.seq !== 1),
    );
  }
  return false;
}

/** Messages after `afterSeq`, paged forward, merged in (a gap in `seq` was seen). */
export async function fetchAfter(client: QueryClient, channelId: string, afterSeq: number): Promise<void> {
  let cursor: string | null = null;
  for (let round = 0; round < 5; round += 1) {
    const query: string = `after_seq=${afterSeq}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page = await api<Page>('GET', `/channels/${channelId}/messages?${query}`);
    client.setQueryData<MessageWindow>(queryKeys.messages(channelId), (w) =>
      w
        ? upsertMessages(
            w,
            page.items.filter((m) => m.thread_root_id === null || m.also_send_to_channel),
          )
        : w,
    );
    cursor = page.next_cursor;
    if (!cursor) return;
  }
  await client.invalidateQueries({ queryKey: queryKeys.messages(channelId) });
}

export interface ThreadData {
  root: MessageView;
  replies: MessageWindow;
}

export function useThread(rootId: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: queryKeys.thread(rootId ?? ''),
    queryFn: async ({ signal }): Promise<ThreadData> => {
      const [root, replies] = await Promise.all([
        api<MessageView>('GET', `/messages/${rootId}`, { signal }),
        api<Page>('GET', `/messages/${rootId}/replies?limit=200`, { signal }),
      ]);
      const held = client.getQueryData<ThreadData>(queryKeys.thread(rootId!));
      return {
        root,
        replies: { ...upsertMessages(held?.replies ?? emptyWindow, replies.items), hasOlder: false },
      };
    },
    enabled: Boolean(rootId),
    staleTime: Infinity,
  });
}

export function useEdits(messageId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.edits(messageId),
    queryFn: async () =>
      (await api<{ items: MessageEdit[] }>('GET', `/messages/${messageId}/edits?limit=50`)).items,
    enabled,
  });
}

/** Applies a change to a message wherever it is held: the channel, its thread, the thread's root. */
export function updateMessageEverywhere(
  client: QueryClient,
  message: Pick<MessageView, 'id' | 'channel_id' | 'thread_root_id'>,
  patch: (m: MessageView) => MessageView,
): void {
  client.setQueryData<MessageWindow>(queryKeys.messages(message.channel_id), (w) =>
    w ? patchMessage(w, message.id, patch) : w,
  );
  if (message.thread_root_id)
    client.setQueryData<ThreadData>(queryKeys.thread(message.thread_root_id), (t) =>
      t ? { ...t, replies: patchMessage(t.replies, message.id, patch) } : t,
    );
  client.setQueryData<ThreadData>(queryKeys.thread(message.id), (t) =>
    t ? { ...t, root: patch(t.root) } : t,
  );
}

function pendingTarget(pending: Pick<PendingMessage, 'channelId' | 'threadRootId'>) {
  return pending.threadRootId
    ? queryKeys.thread(pending.threadRootId)
    : queryKeys.messages(pending.channelId);
}

function updatePendingWindow(
  client: QueryClient,
  pending: PendingMessage,
  update: (w: MessageWindow) => MessageWindow,
) {
  if (pending.threadRootId) {
    client.setQueryData<ThreadData>(pendingTarget(pending), (t) =>
      t ? { ...t, replies: update(t.replies) } : t,
    );
  } else {
    client.setQueryData<MessageWindow>(pendingTarget(pending), (w) => update(w ?? emptyWindow));
  }
}

const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000];

/**
 * Optimistic send: the message shows at once as "sending"; the POST carries an Idempotency-Key
 * (the pending id), so retries after a network failure never post twice. After the retries it
 * shows as failed with a retry button.
 */
export async function sendMessage(client: QueryClient, pending: PendingMessage): Promise<void> {
  updatePendingWindow(client, pending, (w) =>
    addPending(w, { ...pending, state: 'sending', error: undefined }),
  );
  for (let attempt = 0; ; attempt += 1) {
    try {
      const message = await api<MessageView>('POST', `/channels/${pending.channelId}/messages`, {
        body: {
          content: pending.content,
          ...(pending.threadRootId ? { thread_root_id: pending.threadRootId } : {}),
          ...(pending.alsoSendToChannel ? { also_send_to_channel: true } : {}),
          ...(pending.fileIds?.length ? { file_ids: pending.fileIds } : {}),
        },
        idempotencyKey: pending.clientId,
      });
      updatePendingWindow(client, pending, (w) => confirmPending(w, pending.clientId, message));
      if (pending.threadRootId) {
        if (pending.alsoSendToChannel)
          client.setQueryData<MessageWindow>(queryKeys.messages(pending.channelId), (w) =>
            w ? upsertMessages(w, [message]) : w,
          );
      }
      return;
    } catch (error) {
      if (isRetryable(error) && attempt < RETRY_DELAYS_MS.length) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
        continue;
      }
      const reason = error instanceof ApiError ? error.message : 'Not sent: no connection';
      if (error instanceof ApiError && error.problem.type?.endsWith('/muted'))
        myModeration.refusedAsMuted(error.problem.detail);
      updatePendingWindow(client, pending, (w) => setPendingState(w, pending.clientId, 'failed', reason));
      return;
    }
  }
}

export function discardPending(client: QueryClient, pending: PendingMessage): void {
  updatePendingWindow(client, pending, (w) => confirmPending(w, pending.clientId, null));
}

export async function editMessage(client: QueryClient, message: MessageView, content: string): Promise<void> {
  const updated = await api<MessageView>('PATCH', `/messages/${message.id}`, { body: { content } });
  updateMessageEverywhere(client, message, () => updated);
  client.removeQueries({ queryKey: queryKeys.edits(message.id) });
}

export async function deleteMessage(client: QueryClient, message: MessageView): Promise<void> {
  await api('DELETE', `/messages/${message.id}`);
  updateMessageEverywhere(client, message, (m) => tombstone(m, new Date().toISOString()));
}

export async function toggleReaction(
  client: QueryClient,
  message: MessageView,
  emoji: string,
  selfId: string,
): Promise<void> {
  const has = message.reactions.some((r) => r.emoji === emoji && r.user_ids.includes(selfId));
  updateMessageEverywhere(client, message, (m) => applyReaction(m, emoji, selfId, !has));
  try {
    await api(has ? 'DELETE' : 'PUT', `/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`);
  } catch (error) {
    updateMessageEverywhere(client, message, (m) => applyReaction(m, emoji, selfId, has));
    throw error;
  }
}
