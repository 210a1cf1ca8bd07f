import type { UpdateMe, UserProfile } from '@colink/contracts';
import { queryOptions, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/http';
import { queryKeys } from '../api/query-client';

export const meQuery = () =>
  queryOptions({
    queryKey: queryKeys.me,
    queryFn: () => api<UserProfile>('GET', '/users/me'),
    staleTime: 5 * 60_000,
  });

export function useMe() {
  return useQuery(meQuery());
}

export function useUser(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.user(id ?? ''),
    queryFn: () => api<UserProfile>('GET', `/users/${id}`),
    enabled: Boolean(id),
    staleTime: 10 * 60_000,
  });
}

/** Several profiles at once, each cached on its own. */
export function useUsers(ids: string[]): Map<string, UserProfile> {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKeys.user(id),
      queryFn: () => api<UserProfile>('GET', `/users/${id}`),
      staleTime: 10 * 60_000,
    })),
  });
  const map = new Map<string, UserProfile>();
  results.forEach((result) => {
    if (result.data) map.set(result.data.id, result.data);
  });
  return map;
}

export function useDirectory(query: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.directory(query),
    queryFn: async ({ signal }) => {
      const page = await api<{ items: UserProfile[] }>(
        'GET',
        `/users?limit=20${query ? `&query=${encodeURIComponent(query)}` : ''}`,
        { signal },
      );
      return page.items;
    },
    enabled,
    staleTime: 30_000,
  });
}

export function useUpdateMe() {
  const client = useQueryClient();
  return async (patch: UpdateMe) => {
    const me = await api<UserProfile>('PATCH', '/users/me', { body: patch });
    client.setQueryData(queryKeys.me, me);
    client.setQueryData(queryKeys.user(me.id), me);
    return me;
  };
}

export function displayName(
  user: Pick<UserProfile, 'display_name' | 'username'> | undefined,
  fallback = 'Someone',
): string {
  if (!user) return fallback;
  return user.display_name?.trim() || user.username;
}
