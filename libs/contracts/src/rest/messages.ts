import { z } from 'zod';
import { MessageSchema } from '../events/payloads';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './pagination';

export const MESSAGE_MAX_CHARS = 40_000;
export const MESSAGE_MAX_FILES = 10;

/** Characters as a person counts them: Unicode code points, not UTF-16 units. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Markdown, 1 to 40,000 characters, not only white space. */
export const MessageContentSchema = z
  .string()
  .min(1)
  .refine((text) => charCount(text) <= MESSAGE_MAX_CHARS, {
    message: `must be at most ${MESSAGE_MAX_CHARS} characters`,
  })
  .refine((text) => text.trim().length > 0, { message: 'must not be only white space' });

/** `POST /api/v1/channels/{id}/messages` */
export const PostMessageSchema = z.strictObject({
  content: MessageContentSchema,
  thread_root_id: z.uuid().nullable().optional(),
  file_ids: z.array(z.uuid()).max(MESSAGE_MAX_FILES).optional(),
  also_send_to_channel: z.boolean().optional(),
});
export type PostMessage = z.infer<typeof PostMessageSchema>;

/** `PATCH /api/v1/messages/{id}` */
export const EditMessageSchema = z.strictObject({ content: MessageContentSchema });
export type EditMessage = z.infer<typeof EditMessageSchema>;

const seq = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const limit = z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT);
const cursor = z.string().min(1).max(512).optional();

/**
 * `GET /api/v1/channels/{id}/messages?before_seq=&after_seq=&limit=&cursor=`: ascending `seq`.
 * Neither bound: the latest page. `next_cursor` continues in the direction asked (older pages by
 * default and with `before_seq`, newer pages with `after_seq`).
 */
export const ListMessagesQuerySchema = z.strictObject({
  before_seq: seq.optional(),
  after_seq: seq.optional(),
  limit,
  cursor,
});
export type ListMessagesQuery = z.infer<typeof ListMessagesQuerySchema>;

/** `GET /api/v1/messages/{id}/replies?after_seq=&limit=&cursor=`: oldest first. */
export const ListRepliesQuerySchema = z.strictObject({ after_seq: seq.optional(), limit, cursor });
export type ListRepliesQuery = z.infer<typeof ListRepliesQuerySchema>;

/** `GET /api/v1/messages/{id}/edits?limit=&cursor=` */
export const ListEditsQuerySchema = z.strictObject({ limit, cursor });
export type ListEditsQuery = z.infer<typeof ListEditsQuerySchema>;

/** A short name (`thumbsup`, `+1`) or a Unicode emoji (with its modifiers and joiners). */
export const EmojiSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (emoji) =>
      /^[a-z0-9_+-]+$/.test(emoji) ||
      (/^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\u200d|\ufe0f|\u20e3)+$/u.test(emoji) &&
        /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u.test(emoji)),
    { message: 'must be a short name like thumbsup or one Unicode emoji' },
  );

export const MessageParamsSchema = z.strictObject({ id: z.uuid() });
export const ChannelMessagesParamsSchema = z.strictObject({ id: z.uuid() });
export const ReactionParamsSchema = z.strictObject({ id: z.uuid(), emoji: EmojiSchema });

/** The message as answered; the same shape as the `message.*` events. */
export const MessageViewSchema = MessageSchema;
export type MessageView = z.infer<typeof MessageViewSchema>;

export const MessagePageSchema = z.strictObject({
  items: z.array(MessageViewSchema),
  next_cursor: z.string().nullable(),
});

/** One earlier version of a message: its content from `created_at` until `replaced_at`. */
export const MessageEditSchema = z.strictObject({
  message_id: z.uuid(),
  content: z.string(),
  created_at: z.string(),
  replaced_at: z.string(),
  edited_by: z.uuid(),
});
export type MessageEdit = z.infer<typeof MessageEditSchema>;

export const MessageEditPageSchema = z.strictObject({
  items: z.array(MessageEditSchema),
  next_cursor: z.string().nullable(),
});
