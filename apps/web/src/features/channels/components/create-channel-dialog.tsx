import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/http';
import { createChannel } from '../api';

const NAME = /^[a-z0-9_-]{1,80}$/;

/** Lower-cases and replaces spaces as the person types, the way channel names must be. */
export function toChannelName(input: string): string {
  return input.toLowerCase().replace(/\s+/g, '-').slice(0, 80);
}

export function CreateChannelDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();
  const navigate = useNavigate();
  const valid = NAME.test(name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid) return setError('Use lower-case letters, digits, "-" or "_" (1 to 80).');
    setBusy(true);
    try {
      const channel = await createChannel(client, {
        name,
        ...(description.trim() ? { description: description.trim() } : {}),
        is_private: isPrivate,
      });
      onOpenChange(false);
      setName('');
      setDescription('');
      setPrivate(false);
      setError(null);
      void navigate(`/channels/${channel.id}`);
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 409
          ? 'That name is already taken.'
          : e instanceof Error
            ? e.message
            : 'Could not create it.',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Create a channel</Dialog.Title>
          <form className="form" onSubmit={(e) => void submit(e)}>
            <label className="field">
              <span>Name</span>
              <input
                value={name}
                onChange={(e) => setName(toChannelName(e.target.value))}
                placeholder="e.g. plan-budget"
                aria-invalid={name.length > 0 && !valid}
                autoFocus
                required
              />
            </label>
            <label className="field">
              <span>Topic (optional)</span>
              <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />
            </label>
            <label className="check">
              <input type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
              <span>Make private: only invited people can see it</span>
            </label>
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <Dialog.Close type="button" className="button">
                Cancel
              </Dialog.Close>
              <button type="submit" className="button primary" disabled={busy || !valid}>
                Create
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
