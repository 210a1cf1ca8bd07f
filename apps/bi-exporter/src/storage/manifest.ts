import { z } from 'zod';

const ColumnSchema = z.object({ name: z.string(), type: z.string() });

const ManifestFileSchema = z.object({
  key: z.string(),
  rows: z.int().nonnegative(),
  bytes: z.int().nonnegative(),
  min_event_time: z.string().nullable(),
  max_event_time: z.string().nullable(),
  committed_at: z.string(),
});

/**
 * `_manifest.json` of one feed version's day: the files it lists are the day's committed data, and
 * rewriting it is the commit. Readers that want exactly-committed data read the files listed here.
 */
export const ManifestSchema = z.object({
  feed: z.string(),
  schema_version: z.int().positive(),
  dt: z.string(),
  kind: z.enum(['feed', 'aggregate']),
  columns: z.array(ColumnSchema),
  row_count: z.int().nonnegative(),
  min_event_time: z.string().nullable(),
  max_event_time: z.string().nullable(),
  files: z.array(ManifestFileSchema),
  updated_at: z.string(),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestFile = z.infer<typeof ManifestFileSchema>;

const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null || a <= b ? a : b);
const latest = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);

/** The manifest with `files` replacing any listed under the same keys, totals recomputed. */
export function withFiles(manifest: Manifest, files: ManifestFile[], now: Date): Manifest {
  const keys = new Set(files.map((file) => file.key));
  const all = [...manifest.files.filter((file) => !keys.has(file.key)), ...files];
  return {
    ...manifest,
    files: all,
    row_count: all.reduce((sum, file) => sum + file.rows, 0),
    min_event_time: all.reduce<string | null>((min, file) => earliest(min, file.min_event_time), null),
    max_event_time: all.reduce<string | null>((max, file) => latest(max, file.max_event_time), null),
    updated_at: now.toISOString(),
  };
}
