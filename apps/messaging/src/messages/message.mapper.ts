import { MessageEdit, MessageView, PayloadOf } from '@colink/contracts';
import { EditRow, MessageRow, ReactionRow } from './messages.repository';

export function toMessageView(row: MessageRow, reactions: ReactionRow[]): MessageView {
  return {
    id: row.id,
    channel_id: row.channel_id,
    seq: row.seq,
    user_id: row.user_id,
    content: row.content,
    thread_root_id: row.thread_root_id,
    reply_count: row.reply_count,
    last_reply_at: row.last_reply_at?.toISOString() ?? null,
    also_send_to_channel: row.also_send_to_channel,
    reactions: reactions
      .filter((reaction) => reaction.message_id === row.id)
      .map(({ emoji, count, user_ids }) => ({ emoji, count, user_ids })),
    files: row.files,
    mentions: row.mentions,
    mentions_channel: row.mentions_channel,
    mentions_here: row.mentions_here,
    created_at: row.created_at.toISOString(),
    edited_at: row.edited_at?.toISOString() ?? null,
    deleted_at: row.deleted_at?.toISOString() ?? null,
  };
}

export function toDeletedEvent(row: MessageRow): PayloadOf<'message.deleted'> {
  return {
    id: row.id,
    channel_id: row.channel_id,
    seq: row.seq,
    thread_root_id: row.thread_root_id,
    deleted_by: row.deleted_by!,
    deleted_at: row.deleted_at!.toISOString(),
  };
}

export function toEditView(row: EditRow): MessageEdit {
  return {
    message_id: row.message_id,
    content: row.content,
    created_at: row.created_at.toISOString(),
    replaced_at: row.replaced_at.toISOString(),
    edited_by: row.edited_by,
  };
}
