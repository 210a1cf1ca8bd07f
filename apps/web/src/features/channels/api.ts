import type {
  ChannelMemberView,
  ChannelView,
  CreateChannel,
  ReadState,
  UpdateChannel,
} from '@colink/contracts';
import { QueryClient, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api } from '../api/http';
import { queryKeys } from '../api/query-client';

/** The channels the person is in, with read state (the sidebar). */
export const joinedChannelsQuery = () =>
  queryOptions({
    queryKey: queryKeys.joined,
    queryFn: () => allPages<ChannelView>('/channels?scope=joined'),
    staleTime: 30_000,
  });

export function useJoinedChannels() {
  return useQuery(joinedChannelsQuery());
}

export function useBrowseChannels(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.browse,
    queryFn: () => allPages<ChannelView>('/channels?scope=browse'),
    enabled,
    staleTime: 10_000,
  });
}

/** A channel: from the joined list when there, else fetched (a public channel opened by link). */
export const channelQuery = (id: string) =>
  queryOptions({
    queryKey: queryKeys.channel(id),
    queryFn: () => api<ChannelView>('GET', `/channels/${id}`),
    staleTime: 30_000,
  });

/**
 * One channel. Until its own answer arrives, the channel as the joined list has it stands in, so a
 * page opened at sign-in shows as soon as either answer is in.
 */
export function useChannel(id: string | undefined) {
  const client = useQueryClient();
  const joined = useQuery({ ...joinedChannelsQuery(), enabled: false });
  const query = useQuery({
    ...channelQuery(id ?? ''),
    enabled: Boolean(id),
    initialData: () => client.getQueryData<ChannelView[]>(queryKeys.joined)?.find((c) => c.id === id),
  });
  const listed = query.data === undefined ? joined.data?.find((c) => c.id === id) : undefined;
  return listed ? { ...query, data: listed } : query;
}

export function useMembers(channelId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: queryKeys.members(channelId ?? ''),
    queryFn: () => allPages<ChannelMemberView>(`/channels/${channelId}/members`),
    enabled: Boolean(channelId) && enabled,
    staleTime: 60_000,
  });
}

export async function createChannel(client: QueryClient, body: CreateChannel): Promise<ChannelView> {
  const channel = await api<ChannelView>('POST', '/channels', { body, idempotencyKey: crypto.randomUUID() });
  await client.invalidateQueries({ queryKey: queryKeys.joined });
  return channel;
}

/** Renames, re-describes (the topic) or changes the privacy of a channel; channel owners and admins only. */
export async function updateChannel(
  client: QueryClient,
  id: string,
  patch: UpdateChannel,
): Promise<ChannelView> {
  const updated = await api<ChannelView>('PATCH', `/channels/${id}`, { body: patch });
  client.setQueryData<ChannelView>(queryKeys.channel(id), (held) => ({ ...held, ...updated }));
  client.setQueryData<ChannelView[]>(queryKeys.joined, (list) =>
    list?.map((c) => (c.id === id ? { ...c, ...updated } : c)),
  );
  return updated;
}

export async function joinChannel(client: QueryClient, id: string): Promise<void> {
  await api('POST', `/channels/${id}/join`, { idempotencyKey: crypto.randomUUID() });
  await Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.joined }),
    client.invalidateQueries({ queryKey: queryKeys.channel(id) }),
    client.invalidateQueries({ queryKey: queryKeys.members(id) }),
  ]);
}

export async function leaveChannel(client: QueryClient, id: string): Promise<void> {
  await api('POST', `/channels/${id}/leave`, { idempotencyKey: crypto.randomUUID() });
  client.setQueryData<ChannelView[]>(queryKeys.joined, (list) => list?.filter((c) => c.id !== id));
  client.removeQueries({ queryKey: queryKeys.channel(id) });
  client.removeQueries({ queryKey: queryKeys.messages(id) });
  await client.invalidateQueries({ queryKey: queryKeys.joined });
}

export async function openDm(client: QueryClient, userIds: string[]): Promise<ChannelView> {
  const channel = await api<ChannelView>('POST', '/dms', {
    body: { user_ids: userIds },
    idempotencyKey: crypto.randomUUID(),
  });
  await client.invalidateQueries({ queryKey: queryKeys.joined });
  return channel;
}

/** Moves the read marker and clears the badge at once (the server's count follows). */
export async function markRead(client: QueryClient, channelId: string, lastReadSeq: number): Promise<void> {
  client.setQueryData<ChannelView[]>(queryKeys.joined, (list) =>
    list?.map((c) =>
      c.id === channelId && (c.last_read_seq ?? 0) < lastReadSeq
        ? {
            ...c,
            last_read_seq: lastReadSeq,
            unread_count: 0,
            mention_count: 0,
            last_seq: Math.max(c.last_seq ?? 0, lastReadSeq),
          }
        : c,
    ),
  );
  await api<ReadState>('POST', `/channels/${channelId}/read`, { body: { last_read_seq: lastReadSeq } });
}

/** The people of a DM other than me. */
export function dmPartners(members: ChannelMemberView[] | undefined, selfId: string | undefined): string[] {
  return (members ?? []).map((m) => m.user_id).filter((id) => id !== selfId);
}
