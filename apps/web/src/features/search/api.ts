import type { FileSearchPage, MessageSearchPage } from '@colink/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../api/http';

/** Message search, page by page (the server's cursor). Off while the query is blank. */
export function useMessageSearch(q: string) {
  const query = q.trim();
  return useInfiniteQuery({
    queryKey: ['search', 'messages', query],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ q: query, limit: '30' });
      if (pageParam) params.set('cursor', pageParam);
      return api<MessageSearchPage>('GET', `/search/messages?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled: query.length > 0,
    staleTime: 10_000,
  });
}

/** File search (names and extracted text), the first page: shown above the message hits. */
export function useFileSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ['search', 'files', query],
    queryFn: ({ signal }) =>
      api<FileSearchPage>('GET', `/search/files?${new URLSearchParams({ q: query, limit: '8' })}`, {
        signal,
      }),
    enabled: query.length > 0,
    staleTime: 10_000,
  });
}
