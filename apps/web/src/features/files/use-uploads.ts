import type { FileView } from '@colink/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/http';
import { UploadCancelled, fileKeys, uploadFile } from './api';

export interface Upload {
  key: string;
  name: string;
  size: number;
  progress: number;
  state: 'uploading' | 'done' | 'failed';
  error?: string;
  file?: FileView;
}

/** The files a person is attaching to the next message: each uploads at once, with progress and cancel. */
export function useUploads(channelId: string) {
  const client = useQueryClient();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  const update = (key: string, patch: Partial<Upload>) =>
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  const add = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        const key = crypto.randomUUID();
        const controller = new AbortController();
        controllers.current.set(key, controller);
        setUploads((list) => [
          ...list,
          { key, name: file.name || 'pasted-file', size: file.size, progress: 0, state: 'uploading' },
        ]);
        uploadFile(channelId, file, (progress) => update(key, { progress }), controller.signal)
          .then((uploaded) => update(key, { state: 'done', progress: 1, file: uploaded }))
          .catch((error: unknown) => {
            if (error instanceof UploadCancelled || controller.signal.aborted) return;
            const message =
              error instanceof ApiError || error instanceof Error ? error.message : 'upload failed';
            update(key, { state: 'failed', error: message });
          })
          .finally(() => controllers.current.delete(key));
      }
    },
    [channelId],
  );

  /** Cancels an upload in flight, or takes a finished or failed one off the message. */
  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    setUploads((list) => list.filter((u) => u.key !== key));
  }, []);

  const clear = useCallback(() => setUploads([]), []);

  useEffect(() => {
    const pending = controllers.current;
    return () => {
      for (const controller of pending.values()) controller.abort();
      pending.clear();
    };
  }, [channelId]);

  return {
    uploads,
    add,
    remove,
    clear,
    busy: uploads.some((u) => u.state === 'uploading'),
    /** Uploaded files to send, read when sending; one found infected meanwhile is left out (its card says so). */
    ready: () =>
      uploads.filter(
        (u): u is Upload & { file: FileView } =>
          u.state === 'done' &&
          u.file !== undefined &&
          client.getQueryData<FileView>(fileKeys.file(u.file.id))?.scan_status !== 'infected',
      ),
  };
}
