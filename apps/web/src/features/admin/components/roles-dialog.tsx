import type { AdminUserView } from '@colink/contracts';
import * as Dialog from '@radix-ui/react-dialog';
import { FormEvent, useEffect, useState } from 'react';
import { useSetRoles } from '../api';
import { DialogFooter } from './dialog-parts';

/** Admins grant or revoke moderator and admin; the change shows in the person's next token. */
export function RolesDialog({ user, onClose }: { user: AdminUserView | null; onClose: () => void }) {
  const [moderator, setModerator] = useState(false);
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const setRoles = useSetRoles();

  useEffect(() => {
    if (!user) return;
    setModerator(user.roles.includes('moderator'));
    setAdmin(user.roles.includes('admin'));
    setError(null);
  }, [user]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!user) return;
    setBusy(true);
    try {
      await setRoles(user.id, [...(admin ? ['admin'] : []), ...(moderator ? ['moderator'] : []), 'member']);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'It did not go through.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog.Root open={user !== null} onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Roles of {user ? (user.name ?? `@${user.username}`) : ''}</Dialog.Title>
          <form className="form" onSubmit={(e) => void submit(e)}>
            <label className="check">
              <input type="checkbox" checked={moderator} onChange={(e) => setModerator(e.target.checked)} />
              <span>Moderator: warns, mutes, removes from channels, bans, removes messages</span>
            </label>
            <label className="check">
              <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} />
              <span>Admin: everything a moderator does, roles and the audit log</span>
            </label>
            <p className="muted small">
              Everyone is a member. The change applies at their next sign-in or token renewal.
            </p>
            <DialogFooter error={error} busy={busy} label="Save roles" />
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
