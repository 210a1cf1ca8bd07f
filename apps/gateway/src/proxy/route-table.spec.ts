import type { OpenApiDocument } from '@colink/platform';
import { RouteTable } from './route-table';

const document = {
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  components: { schemas: {} },
  paths: {
    '/api/v1/users/me': { get: {}, patch: {} },
    '/api/v1/users/{id}': { get: {} },
    '/api/v1/channels/{id}/members/{user_id}': { delete: {} },
    '/api/v1/files/upload-url': { post: {} },
    '/api/v1/files/{id}': {
      get: { parameters: [{ name: 'id', in: 'path', schema: { pattern: '^[0-9a-f-]{36}$' } }] },
    },
  },
} satisfies OpenApiDocument;

describe('RouteTable', () => {
  const routes = new RouteTable(document);

  it('unions the methods of every template a path matches, HEAD wherever GET is', () => {
    expect(routes.allowed('/api/v1/users/me')?.sort()).toEqual(['GET', 'HEAD', 'PATCH']);
    expect(routes.allowed('/api/v1/users/0b6c1d2e')?.sort()).toEqual(['GET', 'HEAD']);
    expect(routes.allowed('/api/v1/channels/a/members/b/')).toEqual(['DELETE']);
  });

  it('knows no path outside the document', () => {
    expect(routes.allowed('/api/v1/users/a/b')).toBeNull();
    expect(routes.allowed('/api/v1/nowhere')).toBeNull();
  });

  it('matches a path parameter only where its declared pattern does', () => {
    expect(routes.allowed('/api/v1/files/upload-url')).toEqual(['POST']);
    expect(routes.allowed('/api/v1/files/0b6c1d2e-0000-4000-8000-000000000000')?.sort()).toEqual([
      'GET',
      'HEAD',
    ]);
    expect(routes.allowed('/api/v1/files/not-an-id')).toBeNull();
  });
});
