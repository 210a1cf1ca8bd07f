import { z } from 'zod';
import { RevSchema } from '../events/envelope';
import { MessageDeletedSchema, MessageSchema, ReactionChangedSchema } from '../events/payloads';
import { CHANNEL_CHANGE_TOPICS } from '../events/topics';
import { SYNC_MAX_PER_CHANNEL } from '../realtime/socket-events';
import { CursorSchema, NextCursorSchema, queryInteger } from './pagination';

/** The most changes one `GET /channels/{id}/changes` page holds (as many as one `sync` gives a channel). */
export const CHANGES_MAX_PAGE = SYNC_MAX_PER_CHANNEL;
export const CHANGES_DEFAULT_PAGE = 100;

/**
 * `GET /api/v1/channels/{id}/changes?after_rev=&limit=&cursor=`: the channel's changes after
 * `after_rev` (0: from the first), in `rev` order. `next_cursor` (or the last item's `rev` as the
 * next `after_rev`) continues.
 */
export const ListChangesQuerySchema = z.strictObject({
  after_rev: queryInteger(0, Number.MAX_SAFE_INTEGER).default(0),
  limit: queryInteger(1, CHANGES_MAX_PAGE).default(CHANGES_DEFAULT_PAGE),
  cursor: CursorSchema.optional(),
});
export type ListChangesQuery = z.infer<typeof ListChangesQuerySchema>;

export const ChannelChangesParamsSchema = z.strictObject({ id: z.uuid() });

/** One change as a socket envelope (`{id, type, occurred_at, channel_id, seq?, rev, data}`). */
export const ChangeEnvelopeSchema = z.strictObject({
  id: z.uuid(),
  type: z.enum(CHANNEL_CHANGE_TOPICS),
  occurred_at: z.string(),
  channel_id: z.uuid(),
  seq: z.int().positive().optional(),
  rev: RevSchema,
  data: z.union([MessageSchema, MessageDeletedSchema, ReactionChangedSchema]),
});

export const ChangePageSchema = z.strictObject({
  items: z.array(ChangeEnvelopeSchema),
  next_cursor: NextCursorSchema,
});
