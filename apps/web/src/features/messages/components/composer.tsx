import { useQueryClient } from '@tanstack/react-query';
import { ClipboardEvent, DragEvent, KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { UploadTray } from '../../files/components/upload-tray';
import { useUploads } from '../../files/use-uploads';
import { untilText, useMyModeration } from '../../admin/my-moderation';
import { useRealtime } from '../../realtime/realtime-provider';
import { displayName, useDirectory } from '../../users/api';
import { sendMessage } from '../api';
import { insertMention, mentionQuery } from '../model/mention-query';
import { EmojiPickerButton } from './emoji-picker';

const drafts = new Map<string, string>();
const TYPING_EVERY_MS = 3_000;

interface Option {
  key: string;
  insert: string;
  label: string;
  hint: string;
}

const SPECIAL: Option[] = [
  { key: 'channel', insert: 'channel', label: '@channel', hint: 'Notify everyone in this channel' },
  { key: 'here', insert: 'here', label: '@here', hint: 'Notify everyone online now' },
];

export function Composer({
  channelId,
  placeholder,
  threadRootId = null,
  channelName,
  onEditLast,
  autoFocus = true,
}: {
  channelId: string;
  placeholder: string;
  threadRootId?: string | null;
  channelName?: string;
  onEditLast?: () => void;
  autoFocus?: boolean;
}) {
  const draftKey = threadRootId ?? channelId;
  const [text, setText] = useState(() => drafts.get(draftKey) ?? '');
  const [alsoSend, setAlsoSend] = useState(false);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const uploads = useUploads(channelId);
  const lastTyping = useRef(0);
  const client = useQueryClient();
  const realtime = useRealtime();
  const listId = useId();
  const { data: people } = useDirectory(mention?.query ?? '', mention !== null);
  const { mute } = useMyModeration();

  const options: Option[] = mention
    ? [
        ...(people ?? [])
          .slice(0, 8)
          .map((p) => ({ key: p.id, insert: p.username, label: displayName(p), hint: `@${p.username}` })),
        ...SPECIAL.filter((s) => s.insert.startsWith(mention.query.toLowerCase())),
      ]
    : [];
  const showMentions = mention !== null && options.length > 0;

  useEffect(() => {
    setText(drafts.get(draftKey) ?? '');
    if (autoFocus) ref.current?.focus();
  }, [draftKey, autoFocus]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [text]);

  const change = (value: string, caret: number) => {
    setText(value);
    drafts.set(draftKey, value);
    const found = mentionQuery(value, caret);
    setMention(found);
    setActive(0);
    if (value.trim() && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      realtime.typing(channelId);
    }
  };

  const pick = (option: Option) => {
    const el = ref.current;
    if (!el || !mention) return;
    const next = insertMention(text, mention.start, el.selectionStart, option.insert);
    setText(next.text);
    drafts.set(draftKey, next.text);
    setMention(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const send = () => {
    if (uploads.busy || mute) return;
    const ready = uploads.ready();
    const fileIds = ready.map((u) => u.file.id);
    // A message needs words; one that only shares files names them.
    const content = text.trim() || ready.map((u) => u.file.filename).join(', ');
    if (!content) return;
    const clientId = crypto.randomUUID();
    void sendMessage(client, {
      clientId,
      channelId,
      content,
      threadRootId,
      alsoSendToChannel: Boolean(threadRootId) && alsoSend,
      fileIds,
      createdAt: new Date().toISOString(),
      state: 'sending',
    });
    setText('');
    uploads.clear();
    drafts.delete(draftKey);
    setAlsoSend(false);
    lastTyping.current = 0;
  };

  const keys = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (showMentions) {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        return setActive((i) => (i + 1) % options.length);
      }
      if (event.key === 'ArrowUp') {
        event.preventDefault();
        return setActive((i) => (i - 1 + options.length) % options.length);
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        return pick(options[Math.min(active, options.length - 1)]);
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        return setMention(null);
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    } else if (event.key === 'ArrowUp' && text === '' && onEditLast) {
      event.preventDefault();
      onEditLast();
    }
  };

  const drop = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.files.length) return;
    event.preventDefault();
    setDragging(false);
    uploads.add(event.dataTransfer.files);
  };

  const paste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    if (!event.clipboardData.files.length) return;
    event.preventDefault();
    uploads.add(event.clipboardData.files);
  };

  const canSend = !mute && !uploads.busy && (Boolean(text.trim()) || uploads.ready().length > 0);

  return (
    <div
      className={`composer${dragging ? ' dragging' : ''}`}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
      data-testid="composer-drop"
    >
      {showMentions && (
        <ul id={listId} role="listbox" className="mention-list" aria-label="Mention someone">
          {options.map((option, index) => (
            <li
              key={option.key}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={`mention-option${index === active ? ' active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(option);
              }}
            >
              <strong>{option.label}</strong> <span className="muted small">{option.hint}</span>
            </li>
          ))}
        </ul>
      )}
      {mute && (
        <p className="composer-muted" role="status" data-testid="composer-muted">
          <span aria-hidden="true">🔇</span> A moderator muted you {untilText(mute.until)}
          {mute.reason ? `: ${mute.reason}` : ''}. You can read, but not post.
        </p>
      )}
      <UploadTray uploads={uploads.uploads} onRemove={uploads.remove} />
      <div className="composer-box">
        <textarea
          ref={ref}
          value={text}
          rows={1}
          placeholder={mute ? 'You are muted' : placeholder}
          aria-label={placeholder}
          readOnly={Boolean(mute)}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showMentions}
          aria-controls={showMentions ? listId : undefined}
          aria-activedescendant={showMentions ? `${listId}-${active}` : undefined}
          onChange={(e) => change(e.target.value, e.target.selectionStart)}
          onKeyDown={keys}
          onPaste={paste}
          onBlur={() => setMention(null)}
          data-testid="composer"
        />
        <div className="composer-tools">
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            data-testid="file-input"
            onChange={(event) => {
              if (event.target.files) uploads.add(event.target.files);
              event.target.value = '';
            }}
          />
          <button
            type="button"
            className="icon-button"
            aria-label="Attach files"
            title="Attach files (or drop or paste them here)"
            onClick={() => fileInput.current?.click()}
          >
            <span aria-hidden="true">📎</span>
          </button>
          <EmojiPickerButton
            label="Insert emoji"
            onPick={(emoji) => {
              const el = ref.current;
              const at = el?.selectionStart ?? text.length;
              const next = text.slice(0, at) + emoji + text.slice(at);
              setText(next);
              drafts.set(draftKey, next);
              requestAnimationFrame(() => el?.focus());
            }}
          >
            <span aria-hidden="true">☺</span>
          </EmojiPickerButton>
          <button
            type="button"
            className="button primary small send"
            onClick={send}
            disabled={!canSend}
            aria-label="Send message"
          >
            Send
          </button>
        </div>
      </div>
      {threadRootId && (
        <label className="check small">
          <input type="checkbox" checked={alsoSend} onChange={(e) => setAlsoSend(e.target.checked)} />
          <span>Also send to {channelName ? `#${channelName}` : 'the channel'}</span>
        </label>
      )}
    </div>
  );
}
