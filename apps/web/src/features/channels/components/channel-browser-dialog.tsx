import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { joinChannel, useBrowseChannels } from '../api';

export function ChannelBrowserDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { data: channels, isLoading } = useBrowseChannels(open);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const client = useQueryClient();
  const navigate = useNavigate();
  const shown = (channels ?? []).filter(
    (c) =>
      c.name.includes(filter.toLowerCase()) || c.description.toLowerCase().includes(filter.toLowerCase()),
  );

  const open_ = async (id: string, member: boolean) => {
    setBusy(id);
    try {
      if (!member) await joinChannel(client, id);
      onOpenChange(false);
      void navigate(`/channels/${id}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog wide" aria-describedby={undefined}>
          <Dialog.Title>Browse channels</Dialog.Title>
          <label className="field">
            <span className="visually-hidden">Search channels</span>
            <input
              type="search"
              placeholder="Search channels"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              autoFocus
            />
          </label>
          <ul className="result-list" aria-label="Public channels">
            {isLoading && <li className="muted">Loading…</li>}
            {!isLoading && shown.length === 0 && <li className="muted">No channels match.</li>}
            {shown.map((channel) => (
              <li key={channel.id} className="result-row">
                <div className="grow">
                  <strong># {channel.name}</strong>
                  <div className="muted small">
                    {channel.member_count} {channel.member_count === 1 ? 'member' : 'members'}
                    {channel.description ? ` · ${channel.description}` : ''}
                  </div>
                </div>
                <button
                  type="button"
                  className={`button${channel.is_member ? '' : ' primary'}`}
                  disabled={busy === channel.id}
                  onClick={() => void open_(channel.id, channel.is_member)}
                  aria-label={`${channel.is_member ? 'Open' : 'Join'} ${channel.name}`}
                >
                  {channel.is_member ? 'Open' : 'Join'}
                </button>
              </li>
            ))}
          </ul>
          <div className="dialog-actions">
            <Dialog.Close className="button">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
