import { fileTypeFromBuffer } from 'file-type';

/** Bytes read from the start of an upload to tell its real type (zip-based formats need more than 4 KiB). */
export const SNIFF_BYTES = 64 * 1024;

const TEXT_TYPES = new Set(['text/plain', 'text/csv', 'text/markdown', 'application/json']);
const ZIP_CONTAINERS = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);

export type TypeVerdict = { ok: true } | { ok: false; detected: string };

/**
 * Whether the first bytes of a file are what its declared type says, from their magic numbers
 * (file-type), never from the name or the upload's header. Text types have no magic number: they
 * must carry none of another type and read as UTF-8 without NUL bytes.
 */
export async function checkType(declared: string, head: Buffer): Promise<TypeVerdict> {
  const detected = (await fileTypeFromBuffer(head))?.mime;
  if (TEXT_TYPES.has(declared)) {
    if (detected) return { ok: false, detected };
    return looksLikeText(head) ? { ok: true } : { ok: false, detected: 'application/octet-stream' };
  }
  if (detected === declared) return { ok: true };
  if (ZIP_CONTAINERS.has(declared) && detected === 'application/zip') return { ok: true };
  return { ok: false, detected: detected ?? 'application/octet-stream' };
}

function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  // A sample may end inside a multi-byte character: drop up to three trailing bytes before decoding.
  for (let cut = 0; cut <= 3 && cut <= head.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      return true;
    } catch {
      // try a shorter sample
    }
  }
  return false;
}
