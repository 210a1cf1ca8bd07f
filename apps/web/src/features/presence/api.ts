import type { PresenceView } from '@colink/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api/http';
import { queryKeys } from '../api/query-client';

export type PresenceStatus = PresenceView['status'];

/** Presence of the given people, fetched in one request and then kept live by `presence.updated`. */
export function usePresenceOf(userIds: string[]): void {
  const client = useQueryClient();
  const key = [...new Set(userIds)].sort().join(',');
  useEffect(() => {
    if (!key) return;
    const missing = key.split(',').filter((id) => client.getQueryData(queryKeys.presence(id)) === undefined);
    if (missing.length === 0) return;
    api<PresenceView[]>('GET', `/presence?user_ids=${missing.slice(0, 200).join(',')}`)
      .then((views) => views.forEach((view) => client.setQueryData(queryKeys.presence(view.user_id), view)))
      .catch(() => undefined);
  }, [client, key]);
}

export function usePresence(userId: string | null | undefined): PresenceStatus | null {
  const { data } = useQuery<PresenceView | null>({
    queryKey: queryKeys.presence(userId ?? ''),
    queryFn: () => null,
    enabled: false,
    staleTime: Infinity,
  });
  return data?.status ?? null;
}

export async function setMyPresence(status: PresenceStatus): Promise<void> {
  await api('PUT', '/presence/me', { body: { status } });
}
