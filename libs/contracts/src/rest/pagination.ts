import { z } from 'zod';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/**
 * A whole number in a query string: decimal digits only (no sign, exponent, fraction or empty value),
 * declared as an integer.
 */
export const queryInteger = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.int().min(min).max(max))
    .meta({ type: 'integer', minimum: min, maximum: max });

/** `?limit=`: how many items a page holds, 1 to 200 (API.md, "Lists"). */
export const PageLimitSchema = queryInteger(1, MAX_PAGE_LIMIT)
  .default(DEFAULT_PAGE_LIMIT)
  .meta({ description: `Items per page, 1 to ${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT})` });

const CURSOR_DESCRIPTION =
  'Opaque (base64url): the next_cursor of the previous page, as given; any other value is refused with 400.';

/** `?cursor=`: opaque to clients; a cursor the endpoint did not give out is 400. */
export const cursorSchema = (maxLength = 512) =>
  z
    .string()
    .min(1)
    .max(maxLength)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor this endpoint gave out')
    .meta({ description: CURSOR_DESCRIPTION });
export const CursorSchema = cursorSchema();

/** `next_cursor` of a page: null on the last page. */
export const NextCursorSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/)
  .nullable()
  .meta({ description: 'Pass as ?cursor= for the next page; null on the last page' });

export const PageQuerySchema = z.strictObject({
  limit: PageLimitSchema,
  cursor: CursorSchema.optional(),
});

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
