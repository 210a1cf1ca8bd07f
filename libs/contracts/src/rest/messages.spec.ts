import { EmojiSchema, MessageContentSchema, PostMessageSchema } from './messages';

describe('message request schemas', () => {
  it('takes 1 to 40,000 characters, counting an emoji as one', () => {
    expect(MessageContentSchema.safeParse('a'.repeat(40_000)).success).toBe(true);
    expect(MessageContentSchema.safeParse('a'.repeat(40_001)).success).toBe(false);
    expect(MessageContentSchema.safeParse('😀'.repeat(40_000)).success).toBe(true);
    expect(MessageContentSchema.safeParse('').success).toBe(false);
    expect(MessageContentSchema.safeParse('  \n ').success).toBe(false);
  });

  it('refuses unknown fields and wrong types', () => {
    expect(PostMessageSchema.safeParse({ content: 'hi', extra: 1 }).success).toBe(false);
    expect(PostMessageSchema.safeParse({ content: 42 }).success).toBe(false);
    expect(PostMessageSchema.safeParse({ content: 'hi', thread_root_id: 'nope' }).success).toBe(false);
  });

  it('takes short names and Unicode emoji as reactions, and nothing else', () => {
    for (const ok of ['thumbsup', '+1', 'heart_eyes', '👍', '👍🏽', '👨‍👩‍👧', '🇫🇷', '❤️'])
      expect(EmojiSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', 'Thumbs Up', '<script>', 'a'.repeat(65), '1️⃣x'])
      expect(EmojiSchema.safeParse(bad).success).toBe(false);
  });
});
