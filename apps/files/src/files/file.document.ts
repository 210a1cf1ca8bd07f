import { ScanStatus } from '@colink/contracts';
import { OutboxRow } from '@colink/platform';

/** Where a stored copy of the file lives in the bucket. */
export interface StoredVersion {
  key: string;
  size_bytes: number;
  content_type: string;
  width?: number;
  height?: number;
}

/**
 * One file in MongoDB (collection `files`). `state` is the upload's life: `awaiting_upload` until
 * confirmed, then `confirmed`. `virus_scan.status` is what readers see. Events ride in
 * `pending_events` and are written in the same single-document update as the change they announce,
 * so a change and its events commit together; the relay publishes them and pulls them off.
 */
export interface FileDocument {
  _id: string;
  channel_id: string;
  uploader_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  bucket: string;
  state: 'awaiting_upload' | 'confirmed';
  versions: { original: StoredVersion; thumbnail?: StoredVersion };
  width?: number;
  height?: number;
  virus_scan: {
    status: ScanStatus;
    scanned_at: Date | null;
    signature: string | null;
    attempts: number;
    next_attempt_at: Date | null;
    lease_until: Date | null;
    last_error: string | null;
  };
  pending_events: OutboxRow[];
  /** Bumped by every update that adds events, so the relay clears only the events it has published. */
  revision: number;
  upload_expires_at: Date;
  created_at: Date;
  updated_at: Date;
}
