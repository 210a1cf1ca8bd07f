import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { readingState } from '../../realtime/reading-state';
import { useLoadOlder } from '../api';
import { FeedRow, MessageWindow, buildFeed, maxSeq } from '../model/message-window';
import { MessageItem, PendingItem } from './message-item';

interface Props {
  channelId: string;
  window: MessageWindow;
  selfId: string;
  /** The read marker when the channel was opened: the "new messages" line goes after it. */
  lastReadSeq: number | null;
  editingId: string | null;
  onEditingChange: (id: string | null) => void;
  /** Called with the newest seq in view whenever the bottom of the list is reached. */
  onReadTo: (seq: number) => void;
  /** A message to bring into view and mark (held in `window` already). */
  targetId?: string | null;
}

const LOAD_OLDER_PX = 400;

type ListRow = FeedRow | { kind: 'edge'; key: string };

/** The channel's history as a reverse feed: virtualised, anchored to the end, older pages prepended in place. */
export function MessageList({
  channelId,
  window,
  selfId,
  lastReadSeq,
  editingId,
  onEditingChange,
  onReadTo,
  targetId = null,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The first row says where the history ends (or that older pages are coming), so it scrolls with it.
  const rows = useMemo<ListRow[]>(
    () => [{ kind: 'edge', key: 'history-edge' }, ...buildFeed(window, { lastReadSeq, selfId })],
    [window, lastReadSeq, selfId],
  );
  const { load, loading } = useLoadOlder(channelId);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => {
      const row = rows[index];
      return row?.kind === 'message' && !row.grouped ? 64 : 28;
    },
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 10,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 48,
  });

  // Open at the "new messages" line when there is one, else at the newest message.
  const opened = useRef(false);
  useLayoutEffect(() => {
    if (opened.current || rows.length === 0) return;
    opened.current = true;
    const line = rows.findIndex((row) => row.kind === 'new');
    if (line > 0) virtualizer.scrollToIndex(line, { align: 'start' });
    else virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows, virtualizer]);

  // A search hit or a link: centre the message once it is held (after the opening scroll).
  const targetIndex = targetId
    ? rows.findIndex((row) => row.kind === 'message' && row.message.id === targetId)
    : -1;
  const shownTarget = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (targetIndex < 0 || shownTarget.current === targetId) return;
    shownTarget.current = targetId;
    opened.current = true;
    virtualizer.scrollToIndex(targetIndex, { align: 'center' });
  }, [targetIndex, targetId, virtualizer]);

  const newest = maxSeq(window);
  const checkPosition = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    readingState.channelId = channelId;
    readingState.atBottom = atBottom;
    if (atBottom && newest > 0 && document.visibilityState === 'visible') onReadTo(newest);
    if (el.scrollTop < LOAD_OLDER_PX && window.hasOlder && !loading) void load();
  }, [channelId, newest, onReadTo, window.hasOlder, loading, load]);

  useEffect(() => {
    checkPosition();
    const onVisible = () => checkPosition();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [checkPosition]);

  useEffect(
    () => () => {
      if (readingState.channelId === channelId) readingState.channelId = null;
    },
    [channelId],
  );

  // Sending a message of one's own brings the newest into view.
  const pendingCount = window.pending.length;
  const previousPending = useRef(pendingCount);
  useEffect(() => {
    if (pendingCount > previousPending.current) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    previousPending.current = pendingCount;
  }, [pendingCount, rows.length, virtualizer]);

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scrollRef}
      className="message-scroll"
      onScroll={checkPosition}
      role="log"
      aria-label="Messages"
      tabIndex={0}
    >
      <div className="message-rows" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="feed-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row.kind === 'edge' && (
                <div className="history-edge muted small" aria-live="polite">
                  {window.hasOlder
                    ? loading
                      ? 'Loading older messages…'
                      : ' '
                    : rows.length > 1
                      ? 'This is the start of the conversation.'
                      : 'No messages yet. Say hello!'}
                </div>
              )}
              {row.kind === 'day' && (
                <div className="day-separator" role="separator" aria-label={row.label}>
                  <span>{row.label}</span>
                </div>
              )}
              {row.kind === 'new' && (
                <div
                  className="new-line"
                  role="separator"
                  aria-label="New messages"
                  data-testid="new-messages-line"
                >
                  <span>New messages</span>
                </div>
              )}
              {row.kind === 'message' && (
                <MessageItem
                  message={row.message}
                  grouped={row.grouped}
                  selfId={selfId}
                  threadHref={`/channels/${channelId}/threads/${row.message.thread_root_id ?? row.message.id}`}
                  editing={editingId === row.message.id}
                  onEditingChange={(editing) => onEditingChange(editing ? row.message.id : null)}
                  targeted={row.message.id === targetId}
                />
              )}
              {row.kind === 'pending' && (
                <PendingItem pending={row.pending} grouped={row.grouped} selfId={selfId} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
