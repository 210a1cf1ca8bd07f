import type { MessageView } from '@colink/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { KeyboardEvent, memo, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useUser, displayName } from '../../users/api';
import { Avatar } from '../../users/components/avatar';
import { PendingMessage } from '../model/message-window';
import { deleteMessage, discardPending, editMessage, sendMessage, toggleReaction } from '../api';
import { EditHistoryMarker } from './edit-history-marker';
import { EmojiPickerButton } from './emoji-picker';
import { MessageMarkdown } from './markdown';
import { MessageFiles } from '../../files/components/message-files';
import { RemoveMessageButton } from '../../admin/components/remove-message-button';
import { Reactions } from './reactions';

export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

interface Props {
  message: MessageView;
  grouped: boolean;
  selfId: string;
  /** Thread links lead here; absent inside the thread panel. */
  threadHref?: string;
  editing: boolean;
  onEditingChange: (editing: boolean) => void;
  /** The message a search hit or a link points at: marked until the person moves on. */
  targeted?: boolean;
}

export const MessageItem = memo(function MessageItem({
  message,
  grouped,
  selfId,
  threadHref,
  editing,
  onEditingChange,
  targeted = false,
}: Props) {
  const { data: author } = useUser(message.user_id);
  const client = useQueryClient();
  const name = displayName(author);
  const own = message.user_id === selfId;
  const deleted = message.deleted_at !== null;

  const remove = () => {
    if (window.confirm('Delete this message? This cannot be undone.'))
      void deleteMessage(client, message).catch(() => undefined);
  };

  return (
    <article
      className={`message${grouped ? ' grouped' : ''}${deleted ? ' deleted' : ''}${editing ? ' editing' : ''}${targeted ? ' targeted' : ''}`}
      aria-label={`${name}, ${timeOf(message.created_at)}`}
      aria-current={targeted ? 'location' : undefined}
      id={`message-${message.id}`}
      data-testid="message"
      data-seq={message.seq}
    >
      <div className="message-gutter">
        {grouped ? (
          <time className="hover-time" dateTime={message.created_at}>
            {timeOf(message.created_at)}
          </time>
        ) : (
          <Avatar user={author} userId={message.user_id} />
        )}
      </div>
      <div className="message-body">
        {!grouped && (
          <header className="message-head">
            <span className="author">{name}</span>
            <time
              className="muted small"
              dateTime={message.created_at}
              title={new Date(message.created_at).toLocaleString()}
            >
              {timeOf(message.created_at)}
            </time>
          </header>
        )}
        {deleted ? (
          <p className="tombstone">This message was deleted.</p>
        ) : editing ? (
          <EditBox
            initial={message.content}
            onCancel={() => onEditingChange(false)}
            onSave={async (content) => {
              if (content.trim() && content !== message.content) await editMessage(client, message, content);
              onEditingChange(false);
            }}
          />
        ) : (
          <div className="message-content" data-testid="message-content">
            <MessageMarkdown content={message.content} />
            {message.edited_at && <EditHistoryMarker messageId={message.id} editedAt={message.edited_at} />}
          </div>
        )}
        {!deleted && <MessageFiles files={message.files} />}
        {!deleted && <Reactions message={message} selfId={selfId} />}
        {threadHref && message.reply_count > 0 && (
          <Link to={threadHref} className="thread-summary" data-testid="thread-summary">
            {message.reply_count} {message.reply_count === 1 ? 'reply' : 'replies'}
            {message.last_reply_at && (
              <span className="muted small"> · last reply {timeOf(message.last_reply_at)}</span>
            )}
          </Link>
        )}
      </div>
      {!deleted && !editing && (
        <div className="message-actions" role="toolbar" aria-label="Message actions">
          <EmojiPickerButton
            label="Add reaction"
            onPick={(emoji) => void toggleReaction(client, message, emoji, selfId).catch(() => undefined)}
          >
            <span aria-hidden="true">☺</span>
          </EmojiPickerButton>
          {threadHref && (
            <Link
              to={threadHref}
              className="icon-button"
              aria-label="Reply in thread"
              title="Reply in thread"
            >
              <span aria-hidden="true">💬</span>
            </Link>
          )}
          {own && (
            <button
              type="button"
              className="icon-button"
              aria-label="Edit message"
              title="Edit"
              onClick={() => onEditingChange(true)}
            >
              <span aria-hidden="true">✎</span>
            </button>
          )}
          {own && (
            <button
              type="button"
              className="icon-button danger"
              aria-label="Delete message"
              title="Delete"
              onClick={remove}
            >
              <span aria-hidden="true">🗑</span>
            </button>
          )}
          {!own && <RemoveMessageButton message={message} />}
        </div>
      )}
    </article>
  );
});

function EditBox({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (content: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  const save = () =>
    onSave(value).catch((e: unknown) => setError(e instanceof Error ? e.message : 'Not saved'));
  const keys = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void save();
    }
  };
  return (
    <div className="edit-box">
      <textarea
        ref={ref}
        aria-label="Edit message"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={keys}
        rows={2}
      />
      <div className="edit-actions">
        <span className="muted small">Escape to cancel · Enter to save</span>
        <button type="button" className="button small" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button primary small" onClick={() => void save()}>
          Save
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A message on its way: "Sending…", or failed with Retry and Discard. */
export function PendingItem({
  pending,
  grouped,
  selfId,
}: {
  pending: PendingMessage;
  grouped: boolean;
  selfId: string;
}) {
  const { data: me } = useUser(selfId);
  const client = useQueryClient();
  return (
    <article
      className={`message pending${grouped ? ' grouped' : ''}`}
      data-testid="pending-message"
      data-state={pending.state}
    >
      <div className="message-gutter">{!grouped && <Avatar user={me} userId={selfId} />}</div>
      <div className="message-body">
        {!grouped && (
          <header className="message-head">
            <span className="author">{displayName(me)}</span>
          </header>
        )}
        <div className="message-content">
          <MessageMarkdown content={pending.content} />
        </div>
        {pending.state === 'sending' ? (
          <p className="muted small">Sending…</p>
        ) : (
          <p className="failed small" role="alert">
            {pending.error ?? 'Not sent.'}{' '}
            <button type="button" className="link-button" onClick={() => void sendMessage(client, pending)}>
              Retry
            </button>{' '}
            <button type="button" className="link-button" onClick={() => discardPending(client, pending)}>
              Discard
            </button>
          </p>
        )}
      </div>
    </article>
  );
}
