import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './http';

/** The one server-state cache. Socket events update it in place; reconnects refetch what may be stale. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        gcTime: 30 * 60_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          failures < 3 &&
          !(error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429),
      },
    },
  });
}

export const queryKeys = {
  me: ['me'] as const,
  joined: ['channels', 'joined'] as const,
  browse: ['channels', 'browse'] as const,
  channel: (id: string) => ['channel', id] as const,
  members: (id: string) => ['members', id] as const,
  messages: (channelId: string) => ['messages', channelId] as const,
  thread: (rootId: string) => ['thread', rootId] as const,
  message: (id: string) => ['message', id] as const,
  edits: (id: string) => ['edits', id] as const,
  user: (id: string) => ['user', id] as const,
  directory: (query: string) => ['directory', query] as const,
  presence: (userId: string) => ['presence', userId] as const,
};
