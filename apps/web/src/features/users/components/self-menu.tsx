import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { queryKeys } from '../../api/query-client';
import { signOut } from '../../auth/oidc';
import { PresenceStatus, setMyPresence, usePresence, usePresenceOf } from '../../presence/api';
import { presenceLabel } from '../../presence/components/presence-dot';
import { displayName, useMe } from '../api';
import { Avatar } from './avatar';
import { StatusDialog, activeStatus } from './status-dialog';

const CHOICES: PresenceStatus[] = ['online', 'away', 'dnd'];

/** The person's own avatar: status, presence and sign-out. */
export function SelfMenu() {
  const { data: me } = useMe();
  const client = useQueryClient();
  usePresenceOf(me ? [me.id] : []);
  const presence = usePresence(me?.id);
  const [statusOpen, setStatusOpen] = useState(false);
  if (!me) return null;
  const status = activeStatus(me);

  const choose = async (next: PresenceStatus) => {
    client.setQueryData(queryKeys.presence(me.id), {
      user_id: me.id,
      status: next,
      last_seen_at: new Date().toISOString(),
    });
    await setMyPresence(next).catch(() => undefined);
  };

  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className="self-button">
          <Avatar user={me} userId={me.id} size={28} presence={presence ?? 'online'} />
          {status && <span aria-hidden="true">{status.emoji}</span>}
          <span className="visually-hidden">Your profile and status: {presenceLabel(presence)}</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
            <DropdownMenu.Label className="menu-label">
              <strong>{displayName(me)}</strong>
              <span className="muted small">@{me.username}</span>
              {status && (
                <span className="small">
                  {status.emoji} {status.text}
                </span>
              )}
            </DropdownMenu.Label>
            <DropdownMenu.Item className="menu-item" onSelect={() => setStatusOpen(true)}>
              {status ? 'Edit status…' : 'Set a status…'}
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="menu-separator" />
            <DropdownMenu.RadioGroup
              value={presence ?? 'online'}
              onValueChange={(v) => void choose(v as PresenceStatus)}
            >
              {CHOICES.map((choice) => (
                <DropdownMenu.RadioItem key={choice} value={choice} className="menu-item radio">
                  <DropdownMenu.ItemIndicator className="menu-check">✓</DropdownMenu.ItemIndicator>
                  {presenceLabel(choice)}
                </DropdownMenu.RadioItem>
              ))}
            </DropdownMenu.RadioGroup>
            <DropdownMenu.Separator className="menu-separator" />
            <DropdownMenu.Item className="menu-item" onSelect={() => void signOut()}>
              Sign out
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <StatusDialog open={statusOpen} onOpenChange={setStatusOpen} me={me} />
    </>
  );
}
