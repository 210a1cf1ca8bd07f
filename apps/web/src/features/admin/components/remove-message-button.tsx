import type { MessageView } from '@colink/contracts';
import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { updateMessageEverywhere } from '../../messages/api';
import { tombstone } from '../../messages/model/message-window';
import { removeMessage } from '../api';
import { useStaffRole } from '../my-roles';
import { DialogFooter, ReasonField } from './dialog-parts';

/** "Remove" on someone else's message, for moderators: a reason, then a tombstone for everyone. */
export function RemoveMessageButton({ message }: { message: MessageView }) {
  const role = useStaffRole();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!role) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError('Give a reason: it is recorded in the audit log.');
    setBusy(true);
    try {
      await removeMessage(message.id, reason.trim());
      updateMessageEverywhere(client, message, (m) => tombstone(m, new Date().toISOString()));
      setOpen(false);
      setReason('');
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'It was not removed.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger
        className="icon-button danger"
        aria-label="Remove message (moderator)"
        title="Remove (moderator)"
      >
        <span aria-hidden="true">⛔</span>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Remove this message</Dialog.Title>
          <blockquote className="quoted">{message.content.slice(0, 280)}</blockquote>
          <form className="form" onSubmit={(e) => void submit(e)}>
            <ReasonField value={reason} onChange={setReason} autoFocus />
            <DialogFooter error={error} busy={busy} label="Remove" danger />
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
