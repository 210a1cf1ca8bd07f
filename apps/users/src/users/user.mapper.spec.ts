import { decodeDirectoryCursor, encodeDirectoryCursor, toProfile } from './user.mapper';
import { UserRow } from './users.repository';

function user(overrides: Partial<UserRow> = {}): UserRow {
  return {
    id: '2b1f9c1e-0d6a-4e7b-9a55-3c1d2e3f4a5b',
    username: 'alice',
    email: 'alice@example.com',
    displayName: 'Alice',
    avatarUrl: null,
    roles: ['member', 'admin'],
    statusText: 'Lunch',
    statusEmoji: '🥪',
    statusExpiry: new Date('2026-12-01T12:00:00Z'),
    createdAt: new Date('2026-11-01T09:00:00Z'),
    updatedAt: new Date('2026-11-01T09:00:00Z'),
    ...overrides,
  };
}

describe('toProfile', () => {
  it('shows a status until it expires, and none after', () => {
    expect(toProfile(user(), new Date('2026-12-01T11:59:59Z'))).toMatchObject({
      status_text: 'Lunch',
      status_emoji: '🥪',
      status_expiry: '2026-12-01T12:00:00.000Z',
    });
    expect(toProfile(user(), new Date('2026-12-01T12:00:00Z'))).toMatchObject({
      status_text: null,
      status_emoji: null,
      status_expiry: null,
    });
  });

  it('keeps a status without expiry and lists roles in a stable order', () => {
    expect(toProfile(user({ statusExpiry: null }))).toMatchObject({
      status_text: 'Lunch',
      roles: ['admin', 'member'],
    });
  });
});

describe('directory cursors', () => {
  it('round-trip and refuse what they did not make', () => {
    expect(decodeDirectoryCursor(encodeDirectoryCursor(150))).toBe(150);
    expect(decodeDirectoryCursor('bm9wZQ')).toBeNull();
    expect(
      decodeDirectoryCursor(Buffer.from(JSON.stringify({ v: 1, offset: -5 })).toString('base64url')),
    ).toBeNull();
  });
});
