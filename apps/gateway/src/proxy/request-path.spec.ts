import { formatPath, normaliseRequestPath } from './request-path';

describe('normaliseRequestPath', () => {
  it.each([
    '/api/v1/users/%2e%2e/%2e%2e/%2e%2e/metrics',
    '/api/v1/users/%2E%2E/%2E%2E/%2E%2E/metrics',
    '/api/v1/users/%2e%2E/metrics',
    '/api/v1/users/.%2e/metrics',
    '/api/v1/users/%2e./metrics',
    '/api/v1/users/../../../metrics',
    '/api/v1/users/./me',
    '/api/v1/users/me/.',
    '/api/v1/users/me/..',
    '/api/v1/users/%2e/me',
    '/api/v1/presence/%2e%2e/%2e%2e/%2e%2e/internal/v1/presence/disconnect',
    '/api/v1/users/..%2f..%2f..%2fmetrics',
    '/api/v1/users/..%2F..%2Fmetrics',
    '/api/v1/users/%2fmetrics',
    '/api/v1/users/..%5c..%5cmetrics',
    '/api/v1/users/..%5C..%5Cmetrics',
    '/api/v1/users/..\\..\\metrics',
    '/api/v1/users\\..\\metrics',
    '/api/v1//users/me',
    '//api/v1/users/me',
    '/api/v1/users/%zz',
    '/api/v1/users/%00',
    'http://127.0.0.1:3001/metrics',
    '*',
    '',
  ])('refuses %j', (url) => {
    expect(normaliseRequestPath(url).ok).toBe(false);
  });

  it('keeps ordinary paths, decoding each segment once', () => {
    const verdict = normaliseRequestPath('/api/v1/messages/0b6c/reactions/%F0%9F%91%8D?limit=5&cursor=a%2Bb');
    expect(verdict).toEqual({
      ok: true,
      path: {
        segments: ['api', 'v1', 'messages', '0b6c', 'reactions', '👍'],
        trailingSlash: false,
        search: '?limit=5&cursor=a%2Bb',
      },
    });
  });

  it('rebuilds a path no resolver can rewrite: a double-encoded dot stays an ordinary segment', () => {
    const verdict = normaliseRequestPath('/api/v1/users/%252e%252e/metrics');
    if (!verdict.ok) throw new Error(verdict.reason);
    expect(verdict.path.segments[3]).toBe('%2e%2e');
    const path = formatPath(verdict.path);
    expect(path).toBe('/api/v1/users/%252e%252e/metrics');
    expect(new URL(path, 'http://upstream').pathname).toBe(path);
  });

  it('keeps the root, a trailing slash and an empty query', () => {
    expect(normaliseRequestPath('/')).toEqual({
      ok: true,
      path: { segments: [], trailingSlash: false, search: '' },
    });
    const polling = normaliseRequestPath('/socket.io/?EIO=4&transport=polling');
    if (!polling.ok) throw new Error(polling.reason);
    expect(formatPath(polling.path) + polling.path.search).toBe('/socket.io/?EIO=4&transport=polling');
    const bare = normaliseRequestPath('/health?');
    if (!bare.ok) throw new Error(bare.reason);
    expect(bare.path.search).toBe('');
  });
});
