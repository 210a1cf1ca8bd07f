import { formatSize, useFile } from '../api';
import type { Upload } from '../use-uploads';

/** An uploaded file's scan, as the person writing the message sees it. */
function ScanNote({ fileId, size }: { fileId: string; size: number }) {
  const { data } = useFile(fileId);
  if (data?.scan_status === 'infected')
    return <span className="small blocked-note">Blocked: a virus was found. It will not be sent.</span>;
  return (
    <span className="muted small">
      {formatSize(size)} · {data?.scan_status === 'clean' ? 'attached' : 'attached, scanning…'}
    </span>
  );
}

/** The files attached to the message being written: progress, errors, cancel and remove. */
export function UploadTray({ uploads, onRemove }: { uploads: Upload[]; onRemove: (key: string) => void }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="upload-tray" aria-label="Attached files">
      {uploads.map((upload) => (
        <li key={upload.key} className={`upload ${upload.state}`} data-testid="upload">
          <div className="upload-info">
            <span className="upload-name" title={upload.name}>
              {upload.name}
            </span>
            {upload.state === 'done' && upload.file ? (
              <ScanNote fileId={upload.file.id} size={upload.size} />
            ) : (
              <span className="muted small">
                {upload.state === 'failed'
                  ? upload.error
                  : `${formatSize(upload.size)} · ${Math.round(upload.progress * 100)}%`}
              </span>
            )}
            {upload.state === 'uploading' && (
              <progress
                className="upload-progress"
                max={1}
                value={upload.progress}
                aria-label={`Uploading ${upload.name}`}
              />
            )}
          </div>
          <button
            type="button"
            className="icon-button"
            aria-label={
              upload.state === 'uploading' ? `Cancel upload of ${upload.name}` : `Remove ${upload.name}`
            }
            onClick={() => onRemove(upload.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
