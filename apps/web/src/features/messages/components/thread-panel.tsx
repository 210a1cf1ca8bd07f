import type { ChannelView } from '@colink/contracts';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useThread } from '../api';
import { useTargetId } from '../use-message-target';
import { Composer } from './composer';
import { MessageItem, PendingItem } from './message-item';

/** Replies beside the channel (over it on a phone); Esc or × closes it. */
export function ThreadPanel({
  channel,
  rootId,
  selfId,
}: {
  channel: ChannelView;
  rootId: string;
  selfId: string;
}) {
  const { data: thread, error } = useThread(rootId);
  const navigate = useNavigate();
  const [editingId, setEditingId] = useState<string | null>(null);
  const close = () => void navigate(`/channels/${channel.id}`);
  // A link to a reply (a search hit): bring it into view once the thread is loaded.
  const targetId = useTargetId();
  const targetHeld = Boolean(targetId && thread?.replies.items.some((reply) => reply.id === targetId));
  useEffect(() => {
    if (targetHeld) document.getElementById(`message-${targetId}`)?.scrollIntoView({ block: 'center' });
  }, [targetHeld, targetId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('[role="dialog"], [data-radix-popper-content-wrapper]')) return;
      void navigate(`/channels/${channel.id}`);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, channel.id]);

  return (
    <aside className="thread-panel" aria-label="Thread">
      <header className="thread-header">
        <h2>Thread</h2>
        <span className="muted small">{channel.type === 'dm' ? '' : `#${channel.name}`}</span>
        <button type="button" className="icon-button" aria-label="Close thread" onClick={close}>
          ×
        </button>
      </header>
      <div className="thread-scroll">
        {error && <p role="alert">This thread could not be loaded.</p>}
        {thread && (
          <>
            <MessageItem
              message={thread.root}
              grouped={false}
              selfId={selfId}
              editing={editingId === thread.root.id}
              onEditingChange={(on) => setEditingId(on ? thread.root.id : null)}
            />
            <div className="thread-divider muted small">
              {thread.root.reply_count} {thread.root.reply_count === 1 ? 'reply' : 'replies'}
            </div>
            {thread.replies.items.map((reply) => (
              <MessageItem
                key={reply.id}
                message={reply}
                grouped={false}
                selfId={selfId}
                editing={editingId === reply.id}
                onEditingChange={(on) => setEditingId(on ? reply.id : null)}
                targeted={reply.id === targetId}
              />
            ))}
            {thread.replies.pending.map((pending) => (
              <PendingItem key={pending.clientId} pending={pending} grouped={false} selfId={selfId} />
            ))}
          </>
        )}
      </div>
      <Composer
        channelId={channel.id}
        threadRootId={rootId}
        channelName={channel.type === 'dm' ? undefined : channel.name}
        placeholder="Reply…"
      />
    </aside>
  );
}
