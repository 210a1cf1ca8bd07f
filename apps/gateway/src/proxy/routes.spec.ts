import { rolesRequiredFor, upstreamFor } from './routes';

describe('upstreamFor', () => {
  it.each([
    ['/api/v1/users/me', 'users'],
    ['/api/v1/users', 'users'],
    ['/api/v1/channels', 'channels'],
    ['/api/v1/channels/0b6c1d2e/members', 'channels'],
    ['/api/v1/channels/0b6c1d2e/read', 'channels'],
    ['/api/v1/dms', 'channels'],
    ['/api/v1/channels/0b6c1d2e/messages', 'messaging'],
    ['/api/v1/channels/0b6c1d2e/messages/extra', 'messaging'],
    ['/api/v1/channels/0b6c1d2e/changes', 'messaging'],
    ['/api/v1/messages/0b6c1d2e/reactions/thumbsup', 'messaging'],
    ['/api/v1/presence/me', 'presence'],
    ['/api/v1/files/upload-url', 'files'],
    ['/api/v1/search/messages', 'search'],
    ['/api/v1/admin/audit', 'admin'],
  ])('sends %s to %s', (path, upstream) => {
    expect(upstreamFor(path)).toBe(upstream);
  });

  it('owns no path outside the public surface, nor look-alike prefixes', () => {
    expect(upstreamFor('/api/v1/usersx')).toBeNull();
    expect(upstreamFor('/api/v1/channelsx')).toBeNull();
    expect(upstreamFor('/internal/v1/users/provision')).toBeNull();
    expect(upstreamFor('/api/v2/users')).toBeNull();
  });
});

describe('rolesRequiredFor', () => {
  it('asks for admin or moderator on the admin surface only', () => {
    expect(rolesRequiredFor('/api/v1/admin/audit')).toEqual(['admin', 'moderator']);
    expect(rolesRequiredFor('/api/v1/administrators')).toEqual([]);
    expect(rolesRequiredFor('/api/v1/users/me')).toEqual([]);
  });
});
