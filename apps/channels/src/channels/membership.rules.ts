import { MemberRole } from '../common/types';

/**
 * Who may do what to a channel's membership. `actor` is the caller's role in the channel (null when
 * not a member); `moderator` is the realm role, which may remove people but never grant roles.
 */

/** Rename, describe, change privacy, archive. */
export function canManageChannel(actor: MemberRole | null): boolean {
  return actor === 'owner' || actor === 'admin';
}

/** Add someone with `role`: any member of a public channel adds members; admins add admins; owners add owners. */
export function canAddMember(isPublic: boolean, actor: MemberRole | null, role: MemberRole): boolean {
  switch (role) {
    case 'member':
      return actor === 'owner' || actor === 'admin' || (isPublic && actor === 'member');
    case 'admin':
      return actor === 'owner' || actor === 'admin';
    case 'owner':
      return actor === 'owner';
  }
}

/** Change a member's role from `from` to `to`: owners decide about owners, admins about the rest. */
export function canChangeRole(actor: MemberRole | null, from: MemberRole, to: MemberRole): boolean {
  if (from === 'owner' || to === 'owner') return actor === 'owner';
  return actor === 'owner' || actor === 'admin';
}

/** Remove another member: owners remove anyone, admins remove members, moderators anyone but owners. */
export function canRemoveMember(actor: MemberRole | null, target: MemberRole, moderator: boolean): boolean {
  if (actor === 'owner') return true;
  if (target === 'owner') return false;
  if (actor === 'admin' && target === 'member') return true;
  return moderator;
}
