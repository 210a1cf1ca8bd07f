import { z } from 'zod';
import { ScanStatusSchema } from '../events/payloads';
import { charCount } from './messages';

const FILE_NAME_MAX_CHARS = 255;

export type ScanStatus = z.infer<typeof ScanStatusSchema>;

/**
 * Content types a file may be uploaded as (API.md, "Files"): anything else is 415. The bytes are
 * checked against the declared type at confirm, so a renamed executable is refused there too.
 */
export const ALLOWED_CONTENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'application/zip',
  'application/gzip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'audio/mpeg',
  'video/mp4',
  'text/plain',
  'text/csv',
  'text/markdown',
  'application/json',
] as const;
export type AllowedContentType = (typeof ALLOWED_CONTENT_TYPES)[number];

/** Image types that get width, height and a thumbnail once clean. */
export const THUMBNAIL_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** 1 to 255 characters (code points), no slash, backslash or control character, not `.` or `..`. */
export const FileNameSchema = z
  .string()
  .regex(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name may not hold
    /^(?!\.\.?$)[^/\\\u0000-\u001f\u007f]+$/,
    'must be a file name without slashes or control characters',
  )
  .refine(
    (name) => charCount(name) <= FILE_NAME_MAX_CHARS,
    `must be at most ${FILE_NAME_MAX_CHARS} characters`,
  )
  .meta({ maxLength: FILE_NAME_MAX_CHARS });

/** The default upload limit (API.md: 100 MiB); a deployment may set another (`FILES_MAX_BYTES`). */
export const DEFAULT_FILE_MAX_BYTES = 100 * 1024 * 1024;

/** `POST /api/v1/files/upload-url`. The size limit is the service's (413 above it), the type list above (415). */
export const CreateUploadUrlSchema = z.strictObject({
  channel_id: z.uuid(),
  filename: FileNameSchema,
  // Any string reaches the service, which answers 415 for a type off the list and 413 over the
  // limit (API.md); the OpenAPI declares the list and the default limit.
  content_type: z
    .string()
    .min(3)
    .max(255)
    .meta({ enum: [...ALLOWED_CONTENT_TYPES], description: 'One of the allowed types; any other is 415' }),
  size_bytes: z
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .meta({ maximum: DEFAULT_FILE_MAX_BYTES, description: 'Over the limit (default 100 MiB) is 413' }),
});
export type CreateUploadUrl = z.infer<typeof CreateUploadUrlSchema>;

export const UploadUrlViewSchema = z.strictObject({
  file_id: z.uuid(),
  upload_url: z.url(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expires_at: z.iso.datetime(),
});
export type UploadUrlView = z.infer<typeof UploadUrlViewSchema>;

export const FileParamsSchema = z.strictObject({ id: z.uuid() });
export type FileParams = z.infer<typeof FileParamsSchema>;

/** `GET /api/v1/files/{id}`; width and height only for images that passed the scan. */
export const FileViewSchema = z.strictObject({
  id: z.uuid(),
  channel_id: z.uuid(),
  uploader_id: z.uuid(),
  filename: z.string(),
  content_type: z.string(),
  size_bytes: z.int().nonnegative(),
  scan_status: ScanStatusSchema,
  width: z.int().positive().optional(),
  height: z.int().positive().optional(),
  has_thumbnail: z.boolean(),
  created_at: z.iso.datetime(),
});
export type FileView = z.infer<typeof FileViewSchema>;

/** `GET /api/v1/files/{id}/download-url` and `/thumbnail-url`: a short-lived presigned GET. */
export const SignedUrlViewSchema = z.strictObject({
  url: z.url(),
  expires_at: z.iso.datetime(),
});
export type SignedUrlView = z.infer<typeof SignedUrlViewSchema>;
