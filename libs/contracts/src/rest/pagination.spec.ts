import { z } from 'zod';
import { ListMessagesQuerySchema } from './messages';
import { PageQuerySchema } from './pagination';

describe('query integers and cursors', () => {
  it('reads decimal digits as numbers and applies the default limit', () => {
    expect(PageQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(ListMessagesQuerySchema.parse({ after_seq: '12', limit: '7' })).toEqual({
      after_seq: 12,
      limit: 7,
    });
  });

  it('refuses an empty value, a sign, an exponent or a fraction instead of reading a number into it', () => {
    for (const value of ['', '-1', '+1', '1e3', '1.5', ' 1', '0x10'])
      expect(ListMessagesQuerySchema.safeParse({ after_seq: value }).success).toBe(false);
    expect(PageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(PageQuerySchema.safeParse({ limit: '201' }).success).toBe(false);
  });

  it('declares integers with their bounds and the cursor as base64url in the OpenAPI', () => {
    const schema = z.toJSONSchema(PageQuerySchema, { io: 'input' }) as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.properties.limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    expect(schema.properties.cursor).toMatchObject({ type: 'string', pattern: '^[A-Za-z0-9_-]+$' });
  });
});
