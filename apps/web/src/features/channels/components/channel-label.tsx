import type { ChannelView } from '@colink/contracts';
import { useMe, useUsers, displayName } from '../../users/api';
import { dmPartners, useMembers } from '../api';

/** A channel's name as people read it: `#name`, or the other people of a DM. */
export function useChannelTitle(channel: ChannelView | undefined): { title: string; partners: string[] } {
  const isDm = channel?.type === 'dm';
  const { data: me } = useMe();
  const { data: members } = useMembers(channel?.id, isDm);
  const partners = isDm ? dmPartners(members, me?.id) : [];
  const users = useUsers(partners);
  if (!channel) return { title: '', partners };
  if (!isDm) return { title: channel.name, partners };
  if (!members) return { title: '…', partners };
  const names = partners.map((id) => displayName(users.get(id), '…'));
  return { title: names.length ? names.join(', ') : `${displayName(me)} (you)`, partners };
}
