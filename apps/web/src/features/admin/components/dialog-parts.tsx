import * as Dialog from '@radix-ui/react-dialog';

/** The reason every moderation step asks for (recorded in the audit log). */
export function ReasonField({
  value,
  onChange,
  placeholder = 'Recorded in the audit log',
  autoFocus = false,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  autoFocus?: boolean;
}) {
  return (
    <label className="field">
      <span>Reason</span>
      <textarea
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={1000}
        rows={3}
        required
        autoFocus={autoFocus}
        placeholder={placeholder}
      />
    </label>
  );
}

/** The error (if any), Cancel, and the dialog's one action. */
export function DialogFooter({
  error,
  busy,
  label,
  danger = false,
}: {
  error: string | null;
  busy: boolean;
  label: string;
  danger?: boolean;
}) {
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <Dialog.Close type="button" className="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className={`button ${danger ? 'danger-fill' : 'primary'}`} disabled={busy}>
          {label}
        </button>
      </div>
    </>
  );
}
