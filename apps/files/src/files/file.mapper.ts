import { FileView } from '@colink/contracts';
import { FileDocument } from './file.document';

/** The public shape of a file (API.md, "Files"): no keys, buckets or scan internals. */
export function toFileView(file: FileDocument): FileView {
  const view: FileView = {
    id: file._id,
    channel_id: file.channel_id,
    uploader_id: file.uploader_id,
    filename: file.filename,
    content_type: file.content_type,
    size_bytes: file.size_bytes,
    scan_status: file.virus_scan.status,
    has_thumbnail: file.versions.thumbnail !== undefined,
    created_at: file.created_at.toISOString(),
  };
  if (file.width && file.height) {
    view.width = file.width;
    view.height = file.height;
  }
  return view;
}
