import type { FileView, SignedUrlView, UploadUrlView } from '@colink/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/http';

export const fileKeys = {
  file: (id: string) => ['file', id] as const,
  url: (id: string, kind: 'download' | 'thumbnail') => ['file-url', id, kind] as const,
};

/** A file's metadata; while its scan runs it is asked again every 2 s (a `file.scanned` event also refreshes it). */
export function useFile(id: string) {
  return useQuery({
    queryKey: fileKeys.file(id),
    queryFn: ({ signal }) => api<FileView>('GET', `/files/${id}`, { signal }),
    refetchInterval: (query) => (query.state.data?.scan_status === 'pending' ? 2_000 : false),
    // Also in a background tab: the verdict decides whether the file is sent at all.
    refetchIntervalInBackground: true,
    staleTime: 60_000,
  });
}

/** A presigned URL, refreshed well before it lapses. */
export function useSignedUrl(id: string, kind: 'download' | 'thumbnail', enabled: boolean) {
  return useQuery({
    queryKey: fileKeys.url(id, kind),
    queryFn: ({ signal }) => api<SignedUrlView>('GET', `/files/${id}/${kind}-url`, { signal }),
    enabled,
    staleTime: 60_000,
    refetchInterval: 120_000,
  });
}

export function fetchDownloadUrl(id: string): Promise<SignedUrlView> {
  return api<SignedUrlView>('GET', `/files/${id}/download-url`);
}

export class UploadCancelled extends Error {}

/**
 * Uploads one file: asks for a presigned URL, PUTs the bytes straight to object storage (XHR, for
 * progress events), then confirms. The scan runs after; the returned file is `pending` until then.
 */
export async function uploadFile(
  channelId: string,
  file: File,
  onProgress: (fraction: number) => void,
  signal: AbortSignal,
): Promise<FileView> {
  const target = await api<UploadUrlView>('POST', '/files/upload-url', {
    body: {
      channel_id: channelId,
      filename: file.name || 'pasted-file',
      content_type: file.type || 'application/octet-stream',
      size_bytes: file.size,
    },
    signal,
  });
  await new Promise<void>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(target.method, target.upload_url);
    for (const [name, value] of Object.entries(target.headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () =>
      request.status >= 200 && request.status < 300
        ? resolve()
        : reject(new Error(`the upload was refused (${request.status})`));
    request.onerror = () => reject(new Error('the upload failed: no connection'));
    request.onabort = () => reject(new UploadCancelled('cancelled'));
    signal.addEventListener('abort', () => request.abort(), { once: true });
    request.send(file);
  });
  onProgress(1);
  return api<FileView>('POST', `/files/${target.file_id}/confirm`, { signal });
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}
