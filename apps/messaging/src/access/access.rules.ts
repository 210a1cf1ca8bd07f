import { ChannelType, MemberRole } from './access.repository';

export type Access = 'hidden' | 'read' | 'write';

/** Private channels and DMs are hidden from non-members; public channels are readable by everyone. */
export function accessOf(type: ChannelType, role: MemberRole | null): Access {
  if (role !== null) return 'write';
  return type === 'public' ? 'read' : 'hidden';
}

/** Delete: the author, a channel owner or admin, or a realm moderator (admins pass every role check). */
export function canDelete(author: boolean, role: MemberRole | null, moderator: boolean): boolean {
  return author || role === 'owner' || role === 'admin' || moderator;
}
