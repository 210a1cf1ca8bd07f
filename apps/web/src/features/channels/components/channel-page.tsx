import type { ChannelView } from '@colink/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../api/http';
import { queryKeys } from '../../api/query-client';
import { useMessages } from '../../messages/api';
import { Composer } from '../../messages/components/composer';
import { MessageList } from '../../messages/components/message-list';
import { ThreadPanel } from '../../messages/components/thread-panel';
import { TypingLine } from '../../messages/components/typing-line';
import { useChannelTarget, useTargetId } from '../../messages/use-message-target';
import { useMe } from '../../users/api';
import { joinChannel, markRead, useChannel } from '../api';
import { useChannelTitle } from './channel-label';
import { ChannelHeader } from './channel-header';
import { rememberChannel } from './home-page';

export function ChannelPage() {
  const { channelId, rootId } = useParams();
  const { data: channel, error } = useChannel(channelId);
  const { data: me } = useMe();
  // The history is fetched beside the channel rather than after it.
  useMessages(channelId);
  if (error instanceof ApiError && (error.status === 404 || error.status === 403))
    return (
      <div className="empty-state">
        <h1>Channel not found</h1>
        <p className="muted">It does not exist, or you are not a member.</p>
      </div>
    );
  if (!channel || !me || !channelId) return <div className="empty-state" aria-busy="true" />;
  return (
    <div className={`channel-page${rootId ? ' with-thread' : ''}`}>
      <ChannelColumn key={channelId} channel={channel} selfId={me.id} rootId={rootId ?? null} />
      {rootId && <ThreadPanel key={rootId} channel={channel} rootId={rootId} selfId={me.id} />}
    </div>
  );
}

function ChannelColumn({
  channel,
  selfId,
  rootId,
}: {
  channel: ChannelView;
  selfId: string;
  rootId: string | null;
}) {
  const client = useQueryClient();
  const { title } = useChannelTitle(channel);
  // Asked for at once, beside the channel itself: a non-member's refusal is simply not shown.
  const { data: window, error } = useMessages(channel.id);
  // A link to a message (a search hit): a thread reply shows its root here, the reply in the panel.
  const linked = useTargetId();
  const target = useChannelTarget(
    channel.id,
    linked && rootId ? rootId : linked,
    Boolean(window) && channel.is_member,
  );
  const [editingId, setEditingId] = useState<string | null>(null);
  // The marker as it was on arrival, so the "new messages" line stays while reading.
  const [arrivalReadSeq] = useState<number | null>(() => {
    const joined = client.getQueryData<ChannelView[]>(queryKeys.joined)?.find((c) => c.id === channel.id);
    return joined?.last_read_seq ?? channel.last_read_seq ?? null;
  });
  const sentRead = useRef(channel.last_read_seq ?? 0);

  useEffect(() => rememberChannel(channel.id), [channel.id]);
  useEffect(() => {
    document.title = `${channel.type === 'dm' ? '' : '#'}${title} · CoLink`;
  }, [channel.type, title]);

  const onReadTo = useCallback(
    (seq: number) => {
      if (seq <= sentRead.current) return;
      sentRead.current = seq;
      void markRead(client, channel.id, seq).catch(() => {
        sentRead.current = 0;
      });
    },
    [client, channel.id],
  );

  const editLast = () => {
    const own = [...(window?.items ?? [])]
      .reverse()
      .find((m) => m.user_id === selfId && m.deleted_at === null);
    if (own) setEditingId(own.id);
  };

  return (
    <section className="channel-column" aria-label={channel.type === 'dm' ? title : `#${title}`}>
      <ChannelHeader channel={channel} title={title} />
      {!channel.is_member ? (
        <div className="join-bar">
          <p>You are not a member of #{channel.name}.</p>
          <button
            type="button"
            className="button primary"
            onClick={() => void joinChannel(client, channel.id)}
          >
            Join channel
          </button>
        </div>
      ) : error && !window ? (
        <div className="empty-state" role="alert">
          Could not load messages.{' '}
          <button
            className="link-button"
            onClick={() => void client.invalidateQueries({ queryKey: queryKeys.messages(channel.id) })}
          >
            Try again
          </button>
        </div>
      ) : window ? (
        <MessageList
          channelId={channel.id}
          window={window}
          selfId={selfId}
          lastReadSeq={arrivalReadSeq}
          editingId={editingId}
          onEditingChange={setEditingId}
          onReadTo={onReadTo}
          targetId={target?.status === 'ready' ? target.id : null}
        />
      ) : (
        <div className="message-scroll" aria-busy="true" />
      )}
      {target?.status === 'missing' && !rootId && (
        <p className="jump-note muted small" role="status">
          That message is no longer in this conversation.
        </p>
      )}
      {channel.is_member && (
        <>
          <TypingLine channelId={channel.id} />
          <Composer
            channelId={channel.id}
            placeholder={`Message ${channel.type === 'dm' ? title : `#${channel.name}`}`}
            onEditLast={editLast}
          />
        </>
      )}
    </section>
  );
}
