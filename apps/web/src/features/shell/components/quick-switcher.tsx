import type { ChannelView } from '@colink/contracts';
import * as Dialog from '@radix-ui/react-dialog';
import { KeyboardEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { useJoinedChannels } from '../../channels/api';
import { useChannelTitle } from '../../channels/components/channel-label';

/** Ctrl/Cmd+K: type part of a name, arrows to choose, Enter to go. */
export function QuickSwitcher({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { data: channels } = useJoinedChannels();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const navigate = useNavigate();
  const shown = (channels ?? [])
    .filter((c) => c.type === 'dm' || c.name.includes(query.toLowerCase()))
    .slice(0, 30);

  const go = (channel: ChannelView | undefined) => {
    if (!channel) return;
    onOpenChange(false);
    setQuery('');
    void navigate(`/channels/${channel.id}`);
  };

  const keys = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, shown.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(shown[active]);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog switcher" aria-describedby={undefined}>
          <Dialog.Title className="visually-hidden">Jump to a conversation</Dialog.Title>
          <input
            className="switcher-input"
            role="combobox"
            aria-expanded="true"
            aria-controls="switcher-list"
            aria-activedescendant={shown[active] ? `switch-${shown[active].id}` : undefined}
            aria-label="Jump to a conversation"
            placeholder="Jump to…"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={keys}
            autoFocus
          />
          <ul id="switcher-list" role="listbox" className="switcher-list" aria-label="Conversations">
            {shown.map((channel, index) => (
              <SwitcherOption
                key={channel.id}
                channel={channel}
                query={query}
                active={index === active}
                onPick={() => go(channel)}
              />
            ))}
          </ul>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SwitcherOption({
  channel,
  query,
  active,
  onPick,
}: {
  channel: ChannelView;
  query: string;
  active: boolean;
  onPick: () => void;
}) {
  const { title } = useChannelTitle(channel);
  if (channel.type === 'dm' && !title.toLowerCase().includes(query.toLowerCase())) return null;
  return (
    <li
      id={`switch-${channel.id}`}
      role="option"
      aria-selected={active}
      className={`switcher-option${active ? ' active' : ''}`}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onPick}
    >
      <span aria-hidden="true">{channel.type === 'dm' ? '@' : channel.type === 'private' ? '🔒' : '#'}</span>{' '}
      {title}
      {(channel.unread_count ?? 0) > 0 && <span className="badge">{channel.unread_count}</span>}
    </li>
  );
}
