import type { ChannelView } from '@colink/contracts';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { NavLink } from 'react-router';
import { AdminNavLink } from '../../admin/components/admin-nav-link';
import { usePresence, usePresenceOf } from '../../presence/api';
import { PresenceDot } from '../../presence/components/presence-dot';
import { SelfMenu } from '../../users/components/self-menu';
import { useJoinedChannels } from '../api';
import { useChannelTitle } from './channel-label';

export type SidebarDialog = 'browse' | 'create' | 'dm';

export function Sidebar({ onOpen }: { onOpen: (dialog: SidebarDialog) => void }) {
  const { data: channels, isLoading } = useJoinedChannels();
  const rooms = (channels ?? []).filter((c) => c.type !== 'dm').sort((a, b) => a.name.localeCompare(b.name));
  const dms = (channels ?? []).filter((c) => c.type === 'dm');

  return (
    <nav className="sidebar" aria-label="Channels and direct messages">
      <header className="sidebar-header">
        <span className="workspace">CoLink</span>
        <SelfMenu />
      </header>
      <div className="sidebar-scroll">
        <section aria-labelledby="channels-heading">
          <div className="section-head">
            <h2 id="channels-heading">Channels</h2>
            <DropdownMenu.Root>
              <DropdownMenu.Trigger className="icon-button">
                <span aria-hidden="true">+</span>
                <span className="visually-hidden">Add channels</span>
              </DropdownMenu.Trigger>
              <DropdownMenu.Portal>
                <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
                  <DropdownMenu.Item className="menu-item" onSelect={() => onOpen('browse')}>
                    Browse channels
                  </DropdownMenu.Item>
                  <DropdownMenu.Item className="menu-item" onSelect={() => onOpen('create')}>
                    Create a channel
                  </DropdownMenu.Item>
                </DropdownMenu.Content>
              </DropdownMenu.Portal>
            </DropdownMenu.Root>
          </div>
          {isLoading && (
            <p className="small pad" aria-busy="true">
              Loading…
            </p>
          )}
          <ul className="channel-list">
            {rooms.map((channel) => (
              <li key={channel.id}>
                <ChannelLink channel={channel} />
              </li>
            ))}
          </ul>
          <button type="button" className="sidebar-action" onClick={() => onOpen('browse')}>
            Browse channels
          </button>
        </section>
        <section aria-labelledby="dms-heading">
          <div className="section-head">
            <h2 id="dms-heading">Direct messages</h2>
            <button
              type="button"
              className="icon-button"
              aria-label="New direct message"
              onClick={() => onOpen('dm')}
            >
              +
            </button>
          </div>
          <ul className="channel-list">
            {dms.map((channel) => (
              <li key={channel.id}>
                <DmLink channel={channel} />
              </li>
            ))}
          </ul>
        </section>
        <AdminNavLink />
      </div>
    </nav>
  );
}

function badgeText(count: number, kind: 'mention' | 'unread'): string {
  return `${count} ${kind === 'mention' ? (count === 1 ? 'mention' : 'mentions') : 'unread'}`;
}

function ChannelLink({ channel }: { channel: ChannelView }) {
  const unread = (channel.unread_count ?? 0) > 0;
  const mentions = channel.mention_count ?? 0;
  return (
    <NavLink
      to={`/channels/${channel.id}`}
      className={({ isActive }) => `channel-link${isActive ? ' active' : ''}${unread ? ' unread' : ''}`}
      data-testid={`channel-link-${channel.name}`}
    >
      <span className="channel-glyph" aria-hidden="true">
        {channel.type === 'private' ? '🔒' : '#'}
      </span>
      <span className="channel-name">{channel.name}</span>
      {unread && mentions === 0 && <span className="visually-hidden">, unread messages</span>}
      {mentions > 0 && (
        <span className="badge" aria-label={badgeText(mentions, 'mention')} data-testid="mention-badge">
          {mentions}
        </span>
      )}
    </NavLink>
  );
}

function DmLink({ channel }: { channel: ChannelView }) {
  const { title, partners } = useChannelTitle(channel);
  usePresenceOf(partners);
  const presence = usePresence(partners.length === 1 ? partners[0] : null);
  const unread = channel.unread_count ?? 0;
  return (
    <NavLink
      to={`/channels/${channel.id}`}
      className={({ isActive }) => `channel-link${isActive ? ' active' : ''}${unread ? ' unread' : ''}`}
      data-testid="dm-link"
    >
      <span className="channel-glyph" aria-hidden="true">
        {partners.length > 1 ? partners.length : <PresenceDot status={presence} />}
      </span>
      <span className="channel-name">{title}</span>
      {partners.length === 1 && <span className="visually-hidden">, {presence ?? 'offline'}</span>}
      {unread > 0 && (
        <span className="badge" aria-label={badgeText(unread, 'unread')} data-testid="mention-badge">
          {unread}
        </span>
      )}
    </NavLink>
  );
}
