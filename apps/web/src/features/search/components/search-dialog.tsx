import type { MessageSearchHit } from '@colink/contracts';
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useChannel } from '../../channels/api';
import { useChannelTitle } from '../../channels/components/channel-label';
import { useFileSearch, useMessageSearch } from '../api';
import { FileHits } from './file-hits';
import { highlightNodes } from '../highlight';
import { chipsOf, toggleToken, withoutToken } from '../query-chips';

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Ctrl/Cmd+F or `/`: search messages; results grouped by channel, a click opens the message's conversation. */
export function SearchDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [input, setInput] = useState('');
  const q = useDebounced(input, 250);
  const search = useMessageSearch(q);
  const files = useFileSearch(q);
  const fileTotal = files.data?.total ?? 0;
  const navigate = useNavigate();
  const hits = useMemo(() => search.data?.pages.flatMap((page) => page.items) ?? [], [search.data]);
  const total = search.data?.pages[0]?.total ?? 0;
  const groups = useMemo(() => {
    const byChannel = new Map<string, MessageSearchHit[]>();
    for (const hit of hits)
      byChannel.set(hit.message.channel_id, [...(byChannel.get(hit.message.channel_id) ?? []), hit]);
    return [...byChannel.entries()];
  }, [hits]);

  const openHit = (hit: MessageSearchHit) => {
    const { channel_id, thread_root_id, id } = hit.message;
    onOpenChange(false);
    void navigate(
      `/channels/${channel_id}${thread_root_id ? `/threads/${thread_root_id}` : ''}#message-${id}`,
    );
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog switcher search-dialog" aria-describedby={undefined}>
          <Dialog.Title className="visually-hidden">Search messages</Dialog.Title>
          <input
            className="switcher-input"
            type="search"
            aria-label="Search messages"
            placeholder='Search: words, "a phrase", in:#channel, from:@user, before:/after:2025-01-31, has:file'
            value={input}
            onChange={(e) => setInput(e.target.value)}
            autoFocus
          />
          <div className="chips search-chips" role="group" aria-label="Filters">
            {chipsOf(input).map((chip) => (
              <button
                key={chip.token}
                type="button"
                className="chip"
                aria-label={`Remove filter ${chip.label}`}
                onClick={() => setInput(withoutToken(input, chip.token))}
              >
                {chip.label} ×
              </button>
            ))}
            {!/(^|\s)has:file(\s|$)/i.test(input) && (
              <button type="button" className="chip" onClick={() => setInput(toggleToken(input, 'has:file'))}>
                + has a file
              </button>
            )}
          </div>
          {search.isError && (
            <p role="alert" className="search-status">
              {search.error.message}
            </p>
          )}
          {q.trim() && search.isSuccess && (
            <p className="search-status" aria-live="polite">
              {total === 0 ? 'No messages found' : `${total} message${total === 1 ? '' : 's'}`}
              {fileTotal > 0 ? ` · ${fileTotal} file${fileTotal === 1 ? '' : 's'}` : ''}
            </p>
          )}
          <div className="switcher-list search-results" aria-label="Results">
            <FileHits
              hits={files.data?.items ?? []}
              onOpenChannel={(channelId) => {
                onOpenChange(false);
                void navigate(`/channels/${channelId}`);
              }}
            />
            {groups.map(([channelId, channelHits]) => (
              <SearchGroup key={channelId} channelId={channelId} hits={channelHits} onOpen={openHit} />
            ))}
            {search.hasNextPage && (
              <button type="button" className="chip" onClick={() => void search.fetchNextPage()}>
                More results
              </button>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SearchGroup({
  channelId,
  hits,
  onOpen,
}: {
  channelId: string;
  hits: MessageSearchHit[];
  onOpen: (hit: MessageSearchHit) => void;
}) {
  const { data: channel } = useChannel(channelId);
  const { title } = useChannelTitle(channel);
  const mark = channel?.type === 'dm' ? '@' : channel?.type === 'private' ? '🔒' : '#';
  return (
    <section aria-label={`In ${title || 'a channel'}`}>
      <h3 className="search-group">
        <span aria-hidden="true">{mark}</span> {title || '…'}
      </h3>
      <ul role="list">
        {hits.map((hit) => (
          <li key={hit.message.id}>
            <button type="button" className="switcher-option search-hit" onClick={() => onOpen(hit)}>
              <span className="search-time">{new Date(hit.message.created_at).toLocaleString()}</span>{' '}
              {hit.highlights.length > 0
                ? hit.highlights.map((fragment, index) => (
                    <span key={index}>{highlightNodes(fragment)} </span>
                  ))
                : hit.message.content.slice(0, 200)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
