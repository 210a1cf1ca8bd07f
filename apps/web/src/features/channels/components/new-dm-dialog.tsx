import type { UserProfile } from '@colink/contracts';
import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/http';
import { Avatar } from '../../users/components/avatar';
import { displayName, useDirectory, useMe } from '../../users/api';
import { openDm } from '../api';

const MAX_OTHERS = 7;

export function NewDmDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const { data: me } = useMe();
  const { data: found, isFetching } = useDirectory(deferred, open);
  const [picked, setPicked] = useState<UserProfile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const client = useQueryClient();
  const navigate = useNavigate();
  const results = (found ?? []).filter((u) => u.id !== me?.id && !picked.some((p) => p.id === u.id));

  const reset = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      setQuery('');
      setPicked([]);
      setError(null);
    }
  };

  const go = async (people: UserProfile[]) => {
    try {
      const channel = await openDm(
        client,
        people.map((p) => p.id),
      );
      reset(false);
      void navigate(`/channels/${channel.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not open the conversation');
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={reset}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog wide" aria-describedby={undefined}>
          <Dialog.Title>New direct message</Dialog.Title>
          {picked.length > 0 && (
            <ul className="chips" aria-label="People in this conversation">
              {picked.map((person) => (
                <li key={person.id} className="chip">
                  {displayName(person)}
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={`Remove ${displayName(person)}`}
                    onClick={() => setPicked(picked.filter((p) => p.id !== person.id))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <label className="field">
            <span className="visually-hidden">Find people</span>
            <input
              type="search"
              placeholder="Find people by name or username"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoFocus
            />
          </label>
          <ul className="result-list" aria-label="People" aria-busy={isFetching}>
            {results.length === 0 && !isFetching && <li className="muted">Nobody matches.</li>}
            {results.map((person) => (
              <li key={person.id} className="result-row">
                <Avatar user={person} userId={person.id} size={32} />
                <div className="grow">
                  <strong>{displayName(person)}</strong>{' '}
                  <span className="muted small">@{person.username}</span>
                </div>
                <button
                  type="button"
                  className="button"
                  onClick={() => void go([person])}
                  aria-label={`Message ${displayName(person)} (@${person.username})`}
                >
                  Message
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={picked.length >= MAX_OTHERS}
                  onClick={() => setPicked([...picked, person])}
                  aria-label={`Add ${displayName(person)} (@${person.username}) to a group`}
                >
                  Add
                </button>
              </li>
            ))}
          </ul>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <Dialog.Close className="button">Cancel</Dialog.Close>
            <button
              type="button"
              className="button primary"
              disabled={picked.length === 0}
              onClick={() => void go(picked)}
            >
              Start conversation
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
