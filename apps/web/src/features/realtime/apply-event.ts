import type { AnySocketEnvelope, ChannelView, MessageView } from '@colink/contracts';
import { QueryClient } from '@tanstack/react-query';
import { myModeration } from '../admin/my-moderation';
import { queryKeys } from '../api/query-client';
import { fileKeys } from '../files/api';
import { ThreadData, updateMessageEverywhere } from '../messages/api';
import {
  MessageWindow,
  applyReaction,
  inChannelHistory,
  tombstone,
  upsertMessages,
} from '../messages/model/message-window';
import { readingState } from './reading-state';
import { typingStore } from './typing-store';

/** Whether a new message asks for this person's attention (a mention of them, @channel or @here). */
export function mentionsMe(message: MessageView, selfId: string): boolean {
  return (
    message.mentions.includes(selfId) || Boolean(message.mentions_channel) || Boolean(message.mentions_here)
  );
}

/**
 * Folds one socket event into the cache, in place. Safe to apply twice (the realtime layer also
 * drops repeated envelope ids): messages are keyed by id and reactions are per person.
 */
export function applyEvent(client: QueryClient, envelope: AnySocketEnvelope, selfId: string): void {
  switch (envelope.type) {
    case 'message.created': {
      const message = envelope.data;
      typingStore.stopped(message.channel_id, message.user_id);
      if (inChannelHistory(message))
        client.setQueryData<MessageWindow>(queryKeys.messages(message.channel_id), (w) =>
          w ? upsertMessages(w, [message]) : w,
        );
      if (message.thread_root_id) {
        const rootId = message.thread_root_id;
        let isNew = true;
        client.setQueryData<ThreadData>(queryKeys.thread(rootId), (t) => {
          if (!t) return t;
          isNew = !t.replies.items.some((r) => r.id === message.id);
          return { ...t, replies: upsertMessages(t.replies, [message]) };
        });
        if (isNew)
          updateMessageEverywhere(
            client,
            { id: rootId, channel_id: message.channel_id, thread_root_id: null },
            (root) => ({
              ...root,
              reply_count: root.reply_count + 1,
              last_reply_at: message.created_at,
            }),
          );
      }
      countUnread(client, message, selfId);
      return;
    }
    case 'message.updated': {
      const message = envelope.data;
      updateMessageEverywhere(client, message, (held) => ({
        ...message,
        reactions: message.reactions ?? held.reactions,
      }));
      client.removeQueries({ queryKey: queryKeys.edits(message.id) });
      return;
    }
    case 'message.deleted': {
      const { id, channel_id, thread_root_id, deleted_at } = envelope.data;
      updateMessageEverywhere(client, { id, channel_id, thread_root_id }, (m) => tombstone(m, deleted_at));
      return;
    }
    case 'reaction.added':
    case 'reaction.removed': {
      const { message_id, channel_id, user_id, emoji } = envelope.data;
      const added = envelope.type === 'reaction.added';
      updateMessageEverywhere(
        client,
        { id: message_id, channel_id, thread_root_id: findThreadRoot(client, channel_id, message_id) },
        (m) => applyReaction(m, emoji, user_id, added),
      );
      return;
    }
    case 'channel.updated': {
      const channel = envelope.data;
      client.setQueryData<ChannelView>(queryKeys.channel(channel.id), (c) => (c ? { ...c, ...channel } : c));
      client.setQueryData<ChannelView[]>(queryKeys.joined, (list) =>
        list?.map((c) => (c.id === channel.id ? { ...c, ...channel } : c)),
      );
      return;
    }
    case 'channel.member_added':
    case 'channel.member_removed': {
      const { channel_id, user_id } = envelope.data;
      void client.invalidateQueries({ queryKey: queryKeys.members(channel_id) });
      if (user_id === selfId) {
        if (envelope.type === 'channel.member_removed')
          client.setQueryData<ChannelView[]>(queryKeys.joined, (list) =>
            list?.filter((c) => c.id !== channel_id),
          );
        void client.invalidateQueries({ queryKey: queryKeys.joined });
        void client.invalidateQueries({ queryKey: queryKeys.channel(channel_id) });
      }
      return;
    }
    case 'presence.updated':
      client.setQueryData(queryKeys.presence(envelope.data.user_id), envelope.data);
      return;
    case 'typing': {
      const { channel_id, user_id, username, expires_at } = envelope.data;
      if (user_id !== selfId)
        typingStore.typing(channel_id, user_id, username, Date.parse(expires_at) || Date.now() + 5_000);
      return;
    }
    case 'file.scanned':
      // The file's card re-reads its metadata (and thumbnail) now that the scan is over.
      void client.invalidateQueries({ queryKey: fileKeys.file(envelope.data.file_id) });
      return;
    case 'moderation.action':
      // Sent to the target's own room: a mute, warning or ban of this person shows at once.
      if (envelope.data.target_user_id === selfId) myModeration.apply(envelope.data);
      return;
    case 'session.ended':
      // Not cache state: the connection hears it and the server disconnects the socket.
      return;
  }
}

/** A reaction event names only the message: find whether it is a reply held in a thread. */
function findThreadRoot(client: QueryClient, channelId: string, messageId: string): string | null {
  const inChannel = client
    .getQueryData<MessageWindow>(queryKeys.messages(channelId))
    ?.items.find((m) => m.id === messageId);
  if (inChannel) return inChannel.thread_root_id;
  for (const [, thread] of client.getQueriesData<ThreadData>({ queryKey: ['thread'] })) {
    const reply = thread?.replies.items.find((m) => m.id === messageId);
    if (reply) return reply.thread_root_id;
  }
  return null;
}

/** Unread and mention badges move at once for channels not being read right now. */
function countUnread(client: QueryClient, message: MessageView, selfId: string): void {
  const counts = inChannelHistory(message);
  client.setQueryData<ChannelView[]>(queryKeys.joined, (list) => {
    if (!list) return list;
    const known = list.some((c) => c.id === message.channel_id);
    if (!known) {
      void client.invalidateQueries({ queryKey: queryKeys.joined });
      return list;
    }
    return list.map((c) => {
      if (c.id !== message.channel_id) return c;
      const lastSeq = Math.max(c.last_seq ?? 0, message.seq);
      if (message.user_id === selfId || readingState.isReading(c.id) || !counts)
        return { ...c, last_seq: lastSeq };
      if (message.seq <= (c.last_read_seq ?? 0)) return c;
      return {
        ...c,
        last_seq: lastSeq,
        unread_count: (c.unread_count ?? 0) + 1,
        mention_count: (c.mention_count ?? 0) + (mentionsMe(message, selfId) ? 1 : 0),
      };
    });
  });
}
