import type { AdminUserView, ModerationActionView } from '@colink/contracts';
import * as Dialog from '@radix-ui/react-dialog';
import { FormEvent, useEffect, useState } from 'react';
import { useJoinedChannels } from '../../channels/api';
import { useModerate } from '../api';
import { DialogFooter, ReasonField } from './dialog-parts';

type Action = ModerationActionView['action'];

const ACTIONS: Array<{ value: Action; label: string; hint: string }> = [
  { value: 'warn', label: 'Warn', hint: 'They see a notice with your reason.' },
  { value: 'mute', label: 'Mute', hint: 'They can read but not post until it ends.' },
  { value: 'unmute', label: 'Unmute', hint: 'They can post again.' },
  { value: 'kick', label: 'Remove from a channel', hint: 'They leave the channel at once.' },
  { value: 'ban', label: 'Ban', hint: 'Signed out everywhere; they cannot sign in until it ends.' },
  { value: 'unban', label: 'Unban', hint: 'They can sign in again.' },
];

const DURATIONS: Array<{ label: string; seconds: number | null }> = [
  { label: '15 minutes', seconds: 15 * 60 },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
  { label: '30 days', seconds: 30 * 86_400 },
  { label: 'Until lifted', seconds: null },
];

/** One moderation action on one person: what, why, for how long (mute and ban), where (kick). */
export function ModerateDialog({ target, onClose }: { target: AdminUserView | null; onClose: () => void }) {
  const [action, setAction] = useState<Action>('warn');
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState<string>(String(3600));
  const [channelId, setChannelId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const moderate = useModerate();
  const { data: channels } = useJoinedChannels();
  const rooms = (channels ?? []).filter((c) => c.type !== 'dm');
  const timed = action === 'mute' || action === 'ban';

  useEffect(() => {
    if (!target) return;
    setAction(target.status === 'muted' ? 'unmute' : target.status === 'banned' ? 'unban' : 'warn');
    setReason('');
    setError(null);
  }, [target]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    if (!reason.trim()) return setError('Give a reason: it is recorded in the audit log.');
    if (action === 'kick' && !channelId) return setError('Pick the channel to remove them from.');
    setBusy(true);
    setError(null);
    try {
      const seconds = timed && duration ? Number(duration) : undefined;
      await moderate({
        action,
        target_user_id: target.id,
        reason: reason.trim(),
        ...(seconds ? { duration_s: seconds } : {}),
        ...(action === 'kick' ? { channel_id: channelId } : {}),
      });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'It did not go through.');
    } finally {
      setBusy(false);
    }
  };

  const hint = ACTIONS.find((a) => a.value === action)?.hint;
  return (
    <Dialog.Root open={target !== null} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Moderate {target ? (target.name ?? `@${target.username}`) : ''}</Dialog.Title>
          <form className="form" onSubmit={(e) => void submit(e)}>
            <label className="field">
              <span>Action</span>
              <select value={action} onChange={(e) => setAction(e.target.value as Action)}>
                {ACTIONS.map((a) => (
                  <option key={a.value} value={a.value}>
                    {a.label}
                  </option>
                ))}
              </select>
            </label>
            {hint && <p className="muted small hint">{hint}</p>}
            {timed && (
              <label className="field">
                <span>Duration</span>
                <select value={duration} onChange={(e) => setDuration(e.target.value)}>
                  {DURATIONS.map((d) => (
                    <option key={d.label} value={d.seconds === null ? '' : String(d.seconds)}>
                      {d.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {action === 'kick' && (
              <label className="field">
                <span>Channel</span>
                <select value={channelId} onChange={(e) => setChannelId(e.target.value)} required>
                  <option value="">Choose a channel…</option>
                  {rooms.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.type === 'private' ? '🔒 ' : '#'}
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <ReasonField
              value={reason}
              onChange={setReason}
              placeholder={action === 'warn' ? 'They will read this' : 'Recorded in the audit log'}
            />
            <DialogFooter
              error={error}
              busy={busy}
              label={ACTIONS.find((a) => a.value === action)?.label ?? 'Apply'}
              danger={action === 'ban' || action === 'kick'}
            />
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
