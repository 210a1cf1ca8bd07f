import { useModerationActions } from '../api';
import { Who, when } from './who';

const LABEL: Record<string, string> = {
  warn: 'Warned',
  mute: 'Muted',
  unmute: 'Unmuted',
  kick: 'Removed from a channel',
  ban: 'Banned',
  unban: 'Unbanned',
};

/** The latest moderation actions, newest first. */
export function ModerationHistory() {
  const actions = useModerationActions();
  const items = actions.data?.items ?? [];
  return (
    <div className="admin-section">
      {actions.isError && (
        <p role="alert" className="error">
          {actions.error.message}
        </p>
      )}
      <div className="table-scroll">
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Person</th>
              <th scope="col">By</th>
              <th scope="col">Reason</th>
              <th scope="col">Until</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id} data-testid="moderation-row">
                <td className="nowrap">{when(a.created_at)}</td>
                <td>{LABEL[a.action] ?? a.action}</td>
                <td>
                  <Who id={a.target_user_id} />
                </td>
                <td>
                  <Who id={a.moderator_id} />
                </td>
                <td className="reason">{a.reason}</td>
                <td className="nowrap">{a.expires_at ? when(a.expires_at) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {actions.isLoading && <p className="muted small">Loading…</p>}
      {!actions.isLoading && items.length === 0 && <p className="muted small">No moderation actions yet.</p>}
    </div>
  );
}
