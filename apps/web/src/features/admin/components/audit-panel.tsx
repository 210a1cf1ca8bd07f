import type { AuditEntryView, AuditVerifyView } from '@colink/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { AuditFilters, exportAudit, useAudit, verifyAudit } from '../api';
import { Who, when } from './who';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `datetime-local` (the person's time zone) to ISO, or undefined when empty. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function detailsText(entry: AuditEntryView): string {
  const { audit_id: _auditId, ...rest } = entry.details as Record<string, unknown>;
  return Object.entries(rest)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}

/** The audit log: filters (actor, action, resource, time), pages, CSV/JSON export, and the chain check. */
export function AuditPanel() {
  const [form, setForm] = useState({ actor: '', action: '', resource: '', from: '', to: '' });
  const [filters, setFilters] = useState<AuditFilters>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [verify, setVerify] = useState<
    | { state: 'idle' }
    | { state: 'busy' }
    | { state: 'done'; result: AuditVerifyView }
    | { state: 'error'; message: string }
  >({ state: 'idle' });
  const [exporting, setExporting] = useState<'csv' | 'json' | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const audit = useAudit(filters, true);
  const client = useQueryClient();
  const entries = audit.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const actor = form.actor.trim();
    if (actor && !UUID.test(actor)) return setFormError('The actor is a user id (a UUID).');
    const from = isoOf(form.from);
    const to = isoOf(form.to);
    if (from && to && from > to) return setFormError('“From” must not be after “to”.');
    setFormError(null);
    setFilters({
      ...(actor ? { actor_id: actor } : {}),
      ...(form.action.trim() ? { action: form.action.trim() } : {}),
      ...(form.resource.trim() ? { resource_type: form.resource.trim() } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    });
    // Applying the same filters again reads the log again (new entries keep arriving).
    void client.invalidateQueries({ queryKey: ['admin', 'audit'] });
  };

  const clear = () => {
    setForm({ actor: '', action: '', resource: '', from: '', to: '' });
    setFilters({});
    setFormError(null);
  };

  const download = async (format: 'csv' | 'json') => {
    setExporting(format);
    setExportError(null);
    try {
      await exportAudit(filters, format);
    } catch (e) {
      setExportError(e instanceof Error ? e.message : 'The export failed.');
    } finally {
      setExporting(null);
    }
  };

  const check = async () => {
    setVerify({ state: 'busy' });
    try {
      setVerify({ state: 'done', result: await verifyAudit() });
    } catch (e) {
      setVerify({ state: 'error', message: e instanceof Error ? e.message : 'The check failed.' });
    }
  };

  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
  });

  return (
    <div className="admin-section">
      <div className="chain-check">
        <button
          type="button"
          className="button small"
          onClick={() => void check()}
          disabled={verify.state === 'busy'}
        >
          Check the chain
        </button>
        <span role="status" data-testid="chain-result" className="chain-result">
          {verify.state === 'busy' && 'Checking…'}
          {verify.state === 'error' && <span className="error">{verify.message}</span>}
          {verify.state === 'done' &&
            (verify.result.ok ? (
              <span className="chain-ok">✓ Intact: {verify.result.checked} entries checked</span>
            ) : (
              <span className="chain-broken">
                ✗ Broken at entry {verify.result.first_broken_id} ({verify.result.checked} checked)
              </span>
            ))}
        </span>
      </div>
      <form className="audit-filters" onSubmit={apply} aria-label="Filter the audit log">
        <label className="field">
          <span>Actor (user id)</span>
          <input {...field('actor')} placeholder="UUID" spellCheck={false} />
        </label>
        <label className="field">
          <span>Action</span>
          <input {...field('action')} placeholder="e.g. moderation.mute" list="audit-actions" />
          <datalist id="audit-actions">
            {[
              'moderation.warn',
              'moderation.mute',
              'moderation.unmute',
              'moderation.kick',
              'moderation.ban',
              'moderation.unban',
              'moderation.ban_expired',
              'message.removed',
              'user.roles_changed',
              'auth.sign_in_failed',
              'file.infected',
            ].map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Resource</span>
          <input {...field('resource')} placeholder="e.g. user, message" />
        </label>
        <label className="field">
          <span>From</span>
          <input type="datetime-local" {...field('from')} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="datetime-local" {...field('to')} />
        </label>
        <div className="audit-filter-actions">
          <button type="submit" className="button primary small">
            Apply filters
          </button>
          <button type="button" className="button small" onClick={clear}>
            Clear
          </button>
        </div>
      </form>
      {formError && (
        <p role="alert" className="error">
          {formError}
        </p>
      )}
      <div className="audit-export">
        <span className="muted small">Export what the filters select:</span>
        <button
          type="button"
          className="button small"
          onClick={() => void download('csv')}
          disabled={exporting !== null}
        >
          {exporting === 'csv' ? 'Exporting…' : 'CSV'}
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => void download('json')}
          disabled={exporting !== null}
        >
          {exporting === 'json' ? 'Exporting…' : 'JSON'}
        </button>
        {exportError && (
          <span role="alert" className="error small">
            {exportError}
          </span>
        )}
      </div>
      {audit.isError && (
        <p role="alert" className="error">
          {audit.error.message}
        </p>
      )}
      <div className="table-scroll">
        <table className="admin-table audit-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Resource</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                <td className="muted small">{entry.seq}</td>
                <td className="nowrap">{when(entry.occurred_at)}</td>
                <td>
                  <Who id={entry.actor_id} />
                </td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td className="small">
                  {entry.resource_type}
                  {entry.resource_id && (
                    <div className="muted ellipsis" title={entry.resource_id}>
                      {entry.resource_id}
                    </div>
                  )}
                </td>
                <td className="small details">{detailsText(entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {audit.isLoading && <p className="muted small">Loading…</p>}
      {!audit.isLoading && entries.length === 0 && !audit.isError && (
        <p className="muted small">No entries match.</p>
      )}
      {audit.hasNextPage && (
        <button
          type="button"
          className="button small"
          onClick={() => void audit.fetchNextPage()}
          disabled={audit.isFetchingNextPage}
        >
          Older entries
        </button>
      )}
    </div>
  );
}
