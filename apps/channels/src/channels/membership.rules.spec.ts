import { canAddMember, canChangeRole, canManageChannel, canRemoveMember } from './membership.rules';

describe('membership rules', () => {
  it('lets owners and admins manage a channel, and nobody else', () => {
    expect(canManageChannel('owner')).toBe(true);
    expect(canManageChannel('admin')).toBe(true);
    expect(canManageChannel('member')).toBe(false);
    expect(canManageChannel(null)).toBe(false);
  });

  it('lets any member of a public channel add members, but only admins in a private one', () => {
    expect(canAddMember(true, 'member', 'member')).toBe(true);
    expect(canAddMember(false, 'member', 'member')).toBe(false);
    expect(canAddMember(false, 'admin', 'member')).toBe(true);
    expect(canAddMember(true, null, 'member')).toBe(false);
  });

  it('keeps the admin and owner roles in the hands of admins and owners', () => {
    expect(canAddMember(true, 'member', 'admin')).toBe(false);
    expect(canAddMember(true, 'admin', 'admin')).toBe(true);
    expect(canAddMember(true, 'admin', 'owner')).toBe(false);
    expect(canAddMember(true, 'owner', 'owner')).toBe(true);
    expect(canChangeRole('admin', 'member', 'admin')).toBe(true);
    expect(canChangeRole('admin', 'owner', 'member')).toBe(false);
    expect(canChangeRole('member', 'member', 'admin')).toBe(false);
  });

  it('lets owners remove anyone, admins remove members, moderators remove non-owners', () => {
    expect(canRemoveMember('owner', 'owner', false)).toBe(true);
    expect(canRemoveMember('admin', 'member', false)).toBe(true);
    expect(canRemoveMember('admin', 'admin', false)).toBe(false);
    expect(canRemoveMember('admin', 'owner', true)).toBe(false);
    expect(canRemoveMember('member', 'member', false)).toBe(false);
    expect(canRemoveMember(null, 'admin', true)).toBe(true);
    expect(canRemoveMember(null, 'owner', true)).toBe(false);
  });
});
