import type { UserProfile } from '@colink/contracts';
import * as Dialog from '@radix-ui/react-dialog';
import { FormEvent, useEffect, useState } from 'react';
import { ApiError } from '../../api/http';
import { useUpdateMe } from '../api';

const EXPIRIES = [
  { label: "Don't clear", minutes: 0 },
  { label: '30 minutes', minutes: 30 },
  { label: '1 hour', minutes: 60 },
  { label: '4 hours', minutes: 240 },
  { label: 'Today', minutes: -1 },
];

/** The status a person shows, unless it has expired. */
export function activeStatus(me: UserProfile, now = Date.now()): { text: string; emoji: string } | null {
  if (!me.status_text && !me.status_emoji) return null;
  if (me.status_expiry && Date.parse(me.status_expiry) <= now) return null;
  return { text: me.status_text ?? '', emoji: me.status_emoji ?? '💬' };
}

function expiryFrom(minutes: number): string | null {
  if (minutes === 0) return null;
  if (minutes < 0) {
    const end = new Date();
    end.setHours(23, 59, 0, 0);
    return end.toISOString();
  }
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

export function StatusDialog({
  open,
  onOpenChange,
  me,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  me: UserProfile;
}) {
  const update = useUpdateMe();
  const [text, setText] = useState('');
  const [emoji, setEmoji] = useState('');
  const [minutes, setMinutes] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    const status = activeStatus(me);
    setText(status?.text ?? '');
    setEmoji(status?.emoji ?? '');
    setMinutes(0);
    setError(null);
  }, [open, me]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await update({
        status_text: text.trim() || null,
        status_emoji: emoji.trim() || (text.trim() ? '💬' : null),
        status_expiry: text.trim() || emoji.trim() ? expiryFrom(minutes) : null,
      });
      onOpenChange(false);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not save the status');
    }
  };

  const clear = async () => {
    await update({ status_text: null, status_emoji: null, status_expiry: null }).catch(() => undefined);
    onOpenChange(false);
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Set a status</Dialog.Title>
          <form onSubmit={(e) => void save(e)} className="form">
            <div className="form-row">
              <label className="field narrow">
                <span>Emoji</span>
                <input
                  value={emoji}
                  onChange={(e) => setEmoji(e.target.value)}
                  maxLength={16}
                  placeholder="🌴"
                />
              </label>
              <label className="field grow">
                <span>What's your status?</span>
                <input
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  maxLength={140}
                  placeholder="On holiday"
                />
              </label>
            </div>
            <label className="field">
              <span>Clear after</span>
              <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
                {EXPIRIES.map((option) => (
                  <option key={option.label} value={option.minutes}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <button type="button" className="button" onClick={() => void clear()}>
                Clear status
              </button>
              <button type="submit" className="button primary">
                Save
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
