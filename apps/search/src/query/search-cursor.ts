import { decodeCursor, encodeCursor } from '@colink/platform';
import { z } from 'zod';
import { PageStart } from './query-builder';

const CursorSchema = z.object({ m: z.enum(['scored', 'timed']), k: z.string(), o: z.number().int() });
const SortSchema = z
  .array(z.union([z.number(), z.string()]))
  .min(2)
  .max(3);

export type CursorMode = 'scored' | 'timed';

export function encodeSearchCursor(mode: CursorMode, start: PageStart): string {
  return encodeCursor({ m: mode, k: JSON.stringify(start.sort), o: start.originMs });
}

/** The page start inside a cursor, or null when it is not one a search of this mode gave out. */
export function decodeSearchCursor(cursor: string, mode: CursorMode): PageStart | null {
  const decoded = decodeCursor(cursor, CursorSchema);
  if (!decoded || decoded.m !== mode) return null;
  let sort: unknown;
  try {
    sort = JSON.parse(decoded.k);
  } catch {
    return null;
  }
  const parsed = SortSchema.safeParse(sort);
  if (!parsed.success || parsed.data.length !== (mode === 'scored' ? 3 : 2)) return null;
  return { sort: parsed.data, originMs: decoded.o };
}
