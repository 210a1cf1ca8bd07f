import { useState } from 'react';
import { Link } from 'react-router';
import { useStaffRole } from '../my-roles';
import { AuditPanel } from './audit-panel';
import { ModerationHistory } from './moderation-history';
import { PeoplePanel } from './people-panel';

type Tab = 'people' | 'history' | 'audit';

/** The admin area: people (moderators act on them, admins also set roles), moderation history, audit log. */
export function AdminPage() {
  const role = useStaffRole();
  const [tab, setTab] = useState<Tab>('people');
  const tabs: Array<{ id: Tab; label: string }> = [
    { id: 'people', label: 'People' },
    { id: 'history', label: 'Moderation history' },
    ...(role === 'admin' ? [{ id: 'audit' as const, label: 'Audit log' }] : []),
  ];

  if (role === undefined) return <div className="splash" aria-busy="true" />;
  if (role === null)
    return (
      <div className="empty-state">
        <h1>Not for you</h1>
        <p className="muted">The admin area is for moderators and admins.</p>
        <Link to="/" className="button">
          Back to CoLink
        </Link>
      </div>
    );

  return (
    <div className="admin-page">
      <header className="channel-header admin-header">
        <Link to="/" className="icon-button back" aria-label="Back to channels">
          ‹
        </Link>
        <div className="channel-title">
          <h1>Admin</h1>
          <p className="topic muted small">
            {role === 'admin'
              ? 'Admin: people, roles, moderation and the audit log'
              : 'Moderator: people and moderation'}
          </p>
        </div>
      </header>
      <div className="admin-tabs" role="tablist" aria-label="Admin sections">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`admin-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`admin-panel-${t.id}`}
            className={`admin-tab${tab === t.id ? ' active' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <section
        className="admin-panel"
        role="tabpanel"
        id={`admin-panel-${tab}`}
        aria-labelledby={`admin-tab-${tab}`}
      >
        {tab === 'people' && <PeoplePanel isAdmin={role === 'admin'} />}
        {tab === 'history' && <ModerationHistory />}
        {tab === 'audit' && role === 'admin' && <AuditPanel />}
      </section>
    </div>
  );
}
