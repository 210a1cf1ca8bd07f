import type { AdminUserView } from '@colink/contracts';
import { useDeferredValue, useState } from 'react';
import { useAdminUsers } from '../api';
import { untilText } from '../my-moderation';
import { ModerateDialog } from './moderate-dialog';
import { RolesDialog } from './roles-dialog';

function StatusBadge({ user }: { user: AdminUserView }) {
  if (user.status === 'banned')
    return (
      <span className="status-badge banned">
        Banned{user.banned_until ? ` ${untilText(user.banned_until)}` : ''}
      </span>
    );
  if (user.status === 'muted')
    return (
      <span className="status-badge muted-status">
        Muted {user.muted_until ? untilText(user.muted_until) : ''}
      </span>
    );
  return <span className="status-badge active">Active</span>;
}

/** Everyone, searchable: roles and status, and what a moderator (or admin) can do to them. */
export function PeoplePanel({ isAdmin }: { isAdmin: boolean }) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  const users = useAdminUsers(deferred);
  const [acting, setActing] = useState<AdminUserView | null>(null);
  const [editingRoles, setEditingRoles] = useState<AdminUserView | null>(null);
  const people = users.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="admin-section">
      <label className="field admin-search">
        <span>Find people</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Name, username or email"
          maxLength={100}
        />
      </label>
      {users.isError && (
        <p role="alert" className="error">
          {users.error.message}
        </p>
      )}
      <div className="table-scroll">
        <table className="admin-table people-table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((user) => (
              <tr key={user.id} data-testid="admin-user-row" data-username={user.username}>
                <td>
                  <strong>{user.name ?? user.username}</strong>
                  <div className="muted small">
                    @{user.username}
                    {user.email ? ` · ${user.email}` : ''}
                  </div>
                </td>
                <td>
                  <span className="role-list">
                    {user.roles.map((role) => (
                      <span key={role} className={`role-chip ${role}`}>
                        {role}
                      </span>
                    ))}
                  </span>
                </td>
                <td>
                  <StatusBadge user={user} />
                </td>
                <td className="row-actions">
                  <button type="button" className="button small" onClick={() => setActing(user)}>
                    Moderate…
                  </button>
                  {isAdmin && (
                    <button type="button" className="button small" onClick={() => setEditingRoles(user)}>
                      Roles…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {users.isLoading && <p className="muted small">Loading…</p>}
      {!users.isLoading && people.length === 0 && !users.isError && (
        <p className="muted small">Nobody matches “{deferred}”.</p>
      )}
      {users.hasNextPage && (
        <button
          type="button"
          className="button small"
          onClick={() => void users.fetchNextPage()}
          disabled={users.isFetchingNextPage}
        >
          Show more
        </button>
      )}
      <ModerateDialog target={acting} onClose={() => setActing(null)} />
      {isAdmin && <RolesDialog user={editingRoles} onClose={() => setEditingRoles(null)} />}
    </div>
  );
}
