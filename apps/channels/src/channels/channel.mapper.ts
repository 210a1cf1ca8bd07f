import { ChannelMemberView, ChannelView, PayloadOf } from '@colink/contracts';
import { ChannelForUser, ChannelRow, MemberRow } from './channels.repository';

export function toChannelEvent(row: ChannelRow): PayloadOf<'channel.created'> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    archived_at: row.archived_at?.toISOString() ?? null,
    member_count: row.member_count,
  };
}

/** A member sees their read state; anyone else who may see the channel sees the channel only. */
export function toChannelView(row: ChannelForUser): ChannelView {
  const base = { ...toChannelEvent(row), is_member: row.role !== null, role: row.role };
  if (row.role === null) return base;
  return {
    ...base,
    unread_count: row.unread_count ?? 0,
    mention_count: row.mention_count ?? 0,
    last_read_seq: row.last_read_seq ?? 0,
    last_seq: row.last_seq,
  };
}

export function toMemberView(row: MemberRow): ChannelMemberView {
  return {
    channel_id: row.channel_id,
    user_id: row.user_id,
    role: row.role,
    joined_at: row.joined_at.toISOString(),
  };
}
