import { accessOf, canDelete } from './access.rules';

describe('message access rules', () => {
  it('hides private channels and DMs from non-members and lets anyone read a public channel', () => {
    expect(accessOf('private', null)).toBe('hidden');
    expect(accessOf('dm', null)).toBe('hidden');
    expect(accessOf('public', null)).toBe('read');
    expect(accessOf('private', 'member')).toBe('write');
  });

  it('lets the author, channel admins and owners, and moderators delete, nobody else', () => {
    expect(canDelete(true, 'member', false)).toBe(true);
    expect(canDelete(false, 'admin', false)).toBe(true);
    expect(canDelete(false, 'owner', false)).toBe(true);
    expect(canDelete(false, null, true)).toBe(true);
    expect(canDelete(false, 'member', false)).toBe(false);
  });
});
