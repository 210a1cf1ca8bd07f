import type { MessageView } from '@colink/contracts';
import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { fetchDownloadUrl, formatSize, useFile, useSignedUrl } from '../api';

type Attached = MessageView['files'][number];

/** The files of a message: previews for clean images, cards for the rest, never a link to an infected file. */
export function MessageFiles({ files }: { files: Attached[] }) {
  if (files.length === 0) return null;
  return (
    <div className="message-files">
      {files.map((file) => (
        <AttachedFile key={file.id} attached={file} />
      ))}
    </div>
  );
}

function AttachedFile({ attached }: { attached: Attached }) {
  const { data: file, isError } = useFile(attached.id);
  const status = file?.scan_status ?? 'pending';
  const thumbnail = useSignedUrl(
    attached.id,
    'thumbnail',
    status === 'clean' && file?.has_thumbnail === true,
  );

  if (isError) return <FileCard attached={attached} note="Not available" />;
  if (status === 'infected')
    return (
      <div className="file-card blocked" data-testid="file-blocked" role="note">
        <span className="file-icon" aria-hidden="true">
          ⛔
        </span>
        <div className="file-meta">
          <span className="file-name">{attached.filename}</span>
          <span className="small">Blocked: a virus was found in this file.</span>
        </div>
      </div>
    );
  if (status === 'pending')
    return <FileCard attached={attached} note="Scanning for viruses…" testId="file-scanning" />;
  if (file?.has_thumbnail && thumbnail.data)
    return (
      <ImagePreview
        attached={attached}
        thumbnailUrl={thumbnail.data.url}
        width={file.width}
        height={file.height}
      />
    );
  return <FileCard attached={attached} downloadable />;
}

function FileCard({
  attached,
  note,
  downloadable = false,
  testId = 'file-card',
}: {
  attached: Attached;
  note?: string;
  downloadable?: boolean;
  testId?: string;
}) {
  return (
    <div className="file-card" data-testid={testId}>
      <span className="file-icon" aria-hidden="true">
        📄
      </span>
      <div className="file-meta">
        <span className="file-name" title={attached.filename}>
          {attached.filename}
        </span>
        <span className="muted small">
          {formatSize(attached.size_bytes)}
          {note ? ` · ${note}` : ''}
        </span>
      </div>
      {downloadable && (
        <button
          type="button"
          className="button small"
          aria-label={`Download ${attached.filename}`}
          onClick={() =>
            void fetchDownloadUrl(attached.id).then(({ url }) => window.open(url, '_blank', 'noopener'))
          }
        >
          Download
        </button>
      )}
    </div>
  );
}

function ImagePreview({
  attached,
  thumbnailUrl,
  width,
  height,
}: {
  attached: Attached;
  thumbnailUrl: string;
  width?: number;
  height?: number;
}) {
  const [open, setOpen] = useState(false);
  const full = useSignedUrl(attached.id, 'download', open);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="image-preview" aria-label={`Open ${attached.filename} at full size`}>
        <img src={thumbnailUrl} alt={attached.filename} data-testid="file-thumbnail" loading="lazy" />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="lightbox" aria-describedby={undefined}>
          <Dialog.Title className="lightbox-title">
            {attached.filename}
            <span className="muted small">
              {width && height ? ` · ${width}×${height}` : ''} · {formatSize(attached.size_bytes)}
            </span>
          </Dialog.Title>
          {full.data ? (
            <img src={full.data.url} alt={attached.filename} className="lightbox-image" />
          ) : (
            <p className="muted">Loading…</p>
          )}
          <div className="dialog-actions">
            {full.data && (
              <a className="button" href={full.data.url} target="_blank" rel="noopener noreferrer">
                Open original
              </a>
            )}
            <Dialog.Close className="button primary">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
