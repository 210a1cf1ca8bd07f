import { z } from 'zod';

/** Page cursors are opaque to clients: base64url JSON of the last row's sort key, versioned. */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ v: 1, ...key })).toString('base64url');
}

/** The sort key inside a cursor, or null when the cursor is not one this service gave out. */
export function decodeCursor<S extends z.ZodObject>(cursor: string, schema: S): z.infer<S> | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || (value as { v?: unknown }).v !== 1) return null;
  const { v: _v, ...key } = value as Record<string, unknown>;
  const parsed = schema.safeParse(key);
  return parsed.success ? parsed.data : null;
}
