import { z } from 'zod';
import { MessageSchema, ScanStatusSchema } from '../events/payloads';
import { NextCursorSchema, PageLimitSchema, cursorSchema } from './pagination';

export const SEARCH_QUERY_MAX_CHARS = 500;

const day = z.iso.date();
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/**
 * `GET /api/v1/search/messages` and `/search/files`. `q` is free text with modifiers (`in:#channel`,
 * `from:@user`, `before:`/`after:` dates, `has:file`, `"exact phrases"`); the parameters say the same
 * thing as the modifiers and both may be given (all must hold).
 */
export const SearchQuerySchema = z.strictObject({
  q: z.string().max(SEARCH_QUERY_MAX_CHARS).default('').meta({
    description: 'Words, "phrases" and modifiers; without any, the newest readable items come first',
  }),
  channel_id: z.uuid().optional(),
  /** A user id, or a username with or without the `@`. */
  from: z.string().min(1).max(256).optional(),
  before: day.optional(),
  after: day.optional(),
  has_file: flag.optional(),
  limit: PageLimitSchema,
  cursor: cursorSchema(1024).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

/** A hit: the message as the messages API answers it, and fragments with `<mark>` around matches (HTML-escaped). */
export const MessageSearchHitSchema = z.strictObject({
  message: MessageSchema,
  highlights: z.array(z.string()),
});
export type MessageSearchHit = z.infer<typeof MessageSearchHitSchema>;

export const SearchFileSchema = z.strictObject({
  id: z.uuid(),
  channel_id: z.uuid(),
  uploader_id: z.uuid(),
  filename: z.string(),
  content_type: z.string(),
  size_bytes: z.int().nonnegative(),
  scan_status: ScanStatusSchema,
  has_thumbnail: z.boolean(),
  created_at: z.string(),
});
export type SearchFile = z.infer<typeof SearchFileSchema>;

export const FileSearchHitSchema = z.strictObject({
  file: SearchFileSchema,
  highlights: z.array(z.string()),
});
export type FileSearchHit = z.infer<typeof FileSearchHitSchema>;

export const MessageSearchPageSchema = z.strictObject({
  items: z.array(MessageSearchHitSchema),
  total: z.int().nonnegative(),
  next_cursor: NextCursorSchema,
});
export type MessageSearchPage = z.infer<typeof MessageSearchPageSchema>;

export const FileSearchPageSchema = z.strictObject({
  items: z.array(FileSearchHitSchema),
  total: z.int().nonnegative(),
  next_cursor: NextCursorSchema,
});
export type FileSearchPage = z.infer<typeof FileSearchPageSchema>;
