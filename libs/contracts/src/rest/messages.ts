import { z } from 'zod';
import { MessageSchema } from '../events/payloads';
import { CursorSchema, NextCursorSchema, PageLimitSchema, queryInteger } from './pagination';
import { NOT_BLANK, NOT_BLANK_MESSAGE, NO_NUL, NO_NUL_MESSAGE } from './text';

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
  .regex(NOT_BLANK, NOT_BLANK_MESSAGE)
  .regex(NO_NUL, NO_NUL_MESSAGE)
  .refine((text) => charCount(text) <= MESSAGE_MAX_CHARS, {
    message: `must be at most ${MESSAGE_MAX_CHARS} characters`,
  })
  .meta({ maxLength: MESSAGE_MAX_CHARS });

/** `POST /api/v1/channels/{id}/messages` */
export const PostMessageSchema = z
  .strictObject({
    content: MessageContentSchema,
    thread_root_id: z.uuid().nullable().optional(),
    file_ids: z.array(z.uuid()).max(MESSAGE_MAX_FILES).optional(),
    also_send_to_channel: z.boolean().optional(),
  })
  .meta({
    // A reply may also be shown in the channel; a message that is not a reply is there already (400).
    if: { required: ['also_send_to_channel'], properties: { also_send_to_channel: { const: true } } },
    then: { required: ['thread_root_id'], properties: { thread_root_id: { type: 'string' } } },
  });
export type PostMessage = z.infer<typeof PostMessageSchema>;

/** `PATCH /api/v1/messages/{id}` */
export const EditMessageSchema = z.strictObject({ content: MessageContentSchema });
export type EditMessage = z.infer<typeof EditMessageSchema>;

const seq = queryInteger(0, Number.MAX_SAFE_INTEGER);
const limit = PageLimitSchema;
const cursor = CursorSchema.optional();

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

/**
 * Pictographic code points (Unicode's Extended_Pictographic, the BMP symbols and the U+1F000 block)
 * and what may follow them inside one emoji: variation selector, joiner, keycap, skin tones (in the
 * block), tag characters (subdivision flags). Written as plain ranges so the same pattern reads the
 * same in JavaScript and in the OpenAPI's JSON Schema (no \p{...} classes there).
 */
const PICTOGRAPH =
  '\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf' +
  '\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u27bf' +
  '\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299' +
  String.fromCodePoint(0x1f000) +
  '-' +
  String.fromCodePoint(0x1faff);
const EMOJI_FOLLOWER = `[\u200d\ufe0f\u20e3${PICTOGRAPH}${String.fromCodePoint(0xe0020)}-${String.fromCodePoint(0xe007f)}]`;

/**
 * A short name (`thumbsup`, `+1`) or one Unicode emoji with its modifiers and joiners (at most 16
 * code points, a keycap like `1️⃣` included).
 */
export const EMOJI_PATTERN = new RegExp(
  // eslint-disable-next-line no-misleading-character-class -- joiners and selectors belong in these classes: they follow a pictograph
  `^(?:[a-z0-9_+-]{1,64}|[#*0-9]\ufe0f?\u20e3|[${PICTOGRAPH}]${EMOJI_FOLLOWER}{0,15})$`,
  'u',
);

export const EmojiSchema = z
  .string()
  .regex(EMOJI_PATTERN, 'must be a short name like thumbsup or one Unicode emoji')
  .meta({ description: 'A short name (thumbsup, +1) or one Unicode emoji' });

export const MessageParamsSchema = z.strictObject({ id: z.uuid() });
export const ChannelMessagesParamsSchema = z.strictObject({ id: z.uuid() });
export const ReactionParamsSchema = z.strictObject({ id: z.uuid(), emoji: EmojiSchema });

/** The message as answered; the same shape as the `message.*` events. */
export const MessageViewSchema = MessageSchema;
export type MessageView = z.infer<typeof MessageViewSchema>;

export const MessagePageSchema = z.strictObject({
  items: z.array(MessageViewSchema),
  next_cursor: NextCursorSchema,
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
  next_cursor: NextCursorSchema,
});
