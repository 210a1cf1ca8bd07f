import {
  AddMember,
  ChannelMemberView,
  ChannelView,
  CreateChannel,
  CreateDm,
  DM_MAX_MEMBERS,
  DM_MIN_MEMBERS,
  ListChannelsQuery,
  ListMembersQuery,
  Page,
  ReadState,
  Topics,
  UpdateChannel,
} from '@colink/contracts';
import { decodeCursor, encodeCursor, hasAnyRole, Identity, Outbox, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MemberRole } from '../common/types';
import { toChannelEvent, toChannelView, toMemberView } from './channel.mapper';
import { ChannelsErrorCode, channelsError } from './channels.errors';
import { ChannelForUser, ChannelRow, ChannelsRepository, MemberRow } from './channels.repository';
import { MembershipNotice, PeersClient } from './peers.client';
import { canAddMember, canChangeRole, canManageChannel, canRemoveMember } from './membership.rules';

const ChannelCursor = z.strictObject({ name: z.string(), id: z.uuid() });
const MemberCursor = z.strictObject({ joined_at: z.iso.datetime({ offset: true }), user_id: z.uuid() });

/** The truth about one user's access to one channel, for a peer whose projection lags. */
export interface ChannelAccess {
  channel: { id: string; type: 'public' | 'private' | 'dm'; archived_at: string | null } | null;
  role: MemberRole | null;
  member_version: number;
}

@Injectable()
export class ChannelsService {
  /** Identities already written to known_users by this process, so a request costs no write. */
  private readonly remembered = new Set<string>();

  constructor(
    private readonly repo: ChannelsRepository,
    private readonly outbox: Outbox,
    private readonly peers: PeersClient,
  ) {}

  async create(identity: Identity, input: CreateChannel): Promise<ChannelView> {
    await this.remember(identity);
    const row = await this.repo.transaction(async (tx) => {
      const channel = await this.repo.insert(tx, {
        id: randomUUID(),
        name: input.name,
        description: input.description ?? '',
        type: input.is_private ? 'private' : 'public',
        createdBy: identity.sub,
        dmKey: null,
      });
      if (!channel) throw channelsError(ChannelsErrorCode.NameTaken);
      await this.repo.addMember(tx, channel.id, identity.sub, 'owner');
      channel.member_count = 1;
      await this.outbox.enqueue(tx, Topics.ChannelCreated, toChannelEvent(channel));
      await this.memberEvent(tx, Topics.ChannelMemberAdded, channel, identity.sub, 'owner', identity.sub);
      return channel;
    });
    return this.view(row.id, identity.sub);
  }

  async list(identity: Identity, query: ListChannelsQuery): Promise<Page<ChannelView>> {
    await this.remember(identity);
    const after = query.cursor ? this.cursor(query.cursor, ChannelCursor) : null;
    const rows =
      query.scope === 'joined'
        ? await this.repo.listJoined(identity.sub, query.limit + 1, after)
        : await this.repo.listBrowse(identity.sub, query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toChannelView),
      next_cursor: rows.length > query.limit ? encodeCursor({ name: last.name, id: last.id }) : null,
    };
  }

  async get(identity: Identity, channelId: string): Promise<ChannelView> {
    await this.remember(identity);
    return toChannelView(await this.visible(channelId, identity.sub));
  }

  async update(identity: Identity, channelId: string, patch: UpdateChannel): Promise<ChannelView> {
    await this.repo.transaction(async (tx) => {
      const { channel, role } = await this.lockVisible(tx, channelId, identity.sub);
      if (channel.type === 'dm') throw channelsError(ChannelsErrorCode.DmImmutable);
      if (!canManageChannel(role)) throw channelsError(ChannelsErrorCode.NotAllowed);
      if (channel.archived_at) throw channelsError(ChannelsErrorCode.Archived);
      if (patch.name && (await this.repo.nameTaken(tx, patch.name, channel.id)))
        throw channelsError(ChannelsErrorCode.NameTaken);
      const type = patch.is_private === undefined ? undefined : patch.is_private ? 'private' : 'public';
      const updated = await this.repo.update(tx, channel.id, {
        name: patch.name,
        description: patch.description,
        type,
      });
      await this.outbox.enqueue(tx, Topics.ChannelUpdated, toChannelEvent(updated));
    });
    return this.view(channelId, identity.sub);
  }

  /** DELETE archives: history stays readable, nothing new is posted. Archiving twice is a no-op. */
  async archive(identity: Identity, channelId: string): Promise<ChannelView> {
    await this.repo.transaction(async (tx) => {
      const { channel, role } = await this.lockVisible(tx, channelId, identity.sub);
      if (channel.type === 'dm') throw channelsError(ChannelsErrorCode.DmImmutable);
      if (!canManageChannel(role) && !hasAnyRole(identity, ['admin']))
        throw channelsError(ChannelsErrorCode.NotAllowed);
      if (channel.archived_at) return;
      const updated = await this.repo.update(tx, channel.id, { archive: true });
      await this.outbox.enqueue(tx, Topics.ChannelUpdated, toChannelEvent(updated));
    });
    return this.view(channelId, identity.sub);
  }

  async join(identity: Identity, channelId: string): Promise<ChannelView> {
    await this.remember(identity);
    await this.repo.transaction(async (tx) => {
      const { channel, role } = await this.lockVisible(tx, channelId, identity.sub);
      if (role) return;
      if (channel.type !== 'public') throw channelsError(ChannelsErrorCode.ChannelNotFound);
      if (channel.archived_at) throw channelsError(ChannelsErrorCode.Archived);
      await this.repo.addMember(tx, channel.id, identity.sub, 'member');
      await this.memberEvent(tx, Topics.ChannelMemberAdded, channel, identity.sub, 'member', identity.sub);
    });
    return this.view(channelId, identity.sub);
  }

  async leave(identity: Identity, channelId: string): Promise<void> {
    const removed = await this.repo.transaction(async (tx) => {
      const { channel, role } = await this.lockVisible(tx, channelId, identity.sub);
      if (!role) return null;
      if (channel.type === 'dm') throw channelsError(ChannelsErrorCode.DmMembershipFixed);
      return this.removeLocked(tx, channel, identity.sub, role, identity.sub);
    });
    if (removed) await this.peers.tellMessaging(identity, removed);
  }

  async members(
    identity: Identity,
    channelId: string,
    query: ListMembersQuery,
  ): Promise<Page<ChannelMemberView>> {
    await this.visible(channelId, identity.sub);
    const after = query.cursor ? this.cursor(query.cursor, MemberCursor) : null;
    const rows = await this.repo.listMembers(channelId, query.limit + 1, after);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toMemberView),
      next_cursor:
        rows.length > query.limit
          ? encodeCursor({ joined_at: last.joined_at.toISOString(), user_id: last.user_id })
          : null,
    };
  }

  /** Adds a member, or changes the role of one; `created` is false when nothing new was added. */
  async addMember(
    identity: Identity,
    channelId: string,
    input: AddMember,
  ): Promise<{ member: ChannelMemberView; created: boolean }> {
    await this.remember(identity);
    const wanted: MemberRole = input.role ?? 'member';
    return this.repo.transaction(async (tx) => {
      const { channel, role } = await this.lockVisible(tx, channelId, identity.sub);
      if (channel.type === 'dm') throw channelsError(ChannelsErrorCode.DmMembershipFixed);
      if (channel.archived_at) throw channelsError(ChannelsErrorCode.Archived);
      if (!role) throw channelsError(ChannelsErrorCode.NotAMember);
      const existing = await this.repo.member(channel.id, input.user_id, tx);
      if (existing) {
        if (input.role === undefined || existing.role === wanted)
          return { member: toMemberView(existing), created: false };
        if (!canChangeRole(role, existing.role, wanted)) throw channelsError(ChannelsErrorCode.NotAllowed);
        if (existing.role === 'owner' && (await this.repo.owners(tx, channel.id)) === 1)
          throw channelsError(ChannelsErrorCode.LastOwner);
        const changed = await this.repo.setRole(tx, channel.id, input.user_id, wanted);
        // A role change is announced as the member being (re)added with the new role.
        await this.memberEvent(tx, Topics.ChannelMemberAdded, channel, input.user_id, wanted, identity.sub);
        return { member: toMemberView(changed), created: false };
      }
      if (!canAddMember(channel.type === 'public', role, wanted))
        throw channelsError(ChannelsErrorCode.NotAllowed);
      await this.requireKnown(identity, [input.user_id], 'user_id');
      const added = (await this.repo.addMember(tx, channel.id, input.user_id, wanted)) as MemberRow;
      await this.memberEvent(tx, Topics.ChannelMemberAdded, channel, input.user_id, wanted, identity.sub);
      return { member: toMemberView(added), created: true };
    });
  }

  async removeMember(identity: Identity, channelId: string, userId: string): Promise<void> {
    const removed = await this.repo.transaction(async (tx) => {
      const { channel, role } = await this.lockVisible(tx, channelId, identity.sub);
      if (channel.type === 'dm') throw channelsError(ChannelsErrorCode.DmMembershipFixed);
      const target = await this.repo.member(channel.id, userId, tx);
      if (!target) throw channelsError(ChannelsErrorCode.MemberNotFound);
      if (userId !== identity.sub && !canRemoveMember(role, target.role, hasAnyRole(identity, ['moderator'])))
        throw channelsError(role ? ChannelsErrorCode.NotAllowed : ChannelsErrorCode.NotAMember);
      return this.removeLocked(tx, channel, userId, target.role, identity.sub);
    });
    // Before answering: the removed member's next post must be refused, not wait for the event.
    await this.peers.tellMessaging(identity, removed);
  }

  /** The DM of exactly this set of people (the caller included), made on first use. */
  async openDm(identity: Identity, input: CreateDm): Promise<{ channel: ChannelView; created: boolean }> {
    await this.remember(identity);
    const people = [...new Set([...input.user_ids, identity.sub])].sort();
    if (people.length < DM_MIN_MEMBERS || people.length > DM_MAX_MEMBERS)
      throw channelsError(ChannelsErrorCode.DmSize, undefined, [
        { field: 'user_ids', message: `must name 1 to ${DM_MAX_MEMBERS - 1} people other than you` },
      ]);
    const dmKey = people.join(',');
    const existing = await this.repo.findDm(dmKey);
    if (existing) return { channel: await this.view(existing.id, identity.sub), created: false };
    await this.requireKnown(
      identity,
      people.filter((id) => id !== identity.sub),
      'user_ids',
      input.user_ids,
    );
    const created = await this.repo.transaction(async (tx) => {
      const channel = await this.repo.insert(tx, {
        id: randomUUID(),
        name: `dm-${createHash('sha256').update(dmKey).digest('hex').slice(0, 20)}`,
        description: '',
        type: 'dm',
        createdBy: identity.sub,
        dmKey,
      });
      if (!channel) return null; // someone opened the same DM at the same moment
      for (const person of people) await this.repo.addMember(tx, channel.id, person, 'member');
      channel.member_count = people.length;
      await this.outbox.enqueue(tx, Topics.ChannelCreated, toChannelEvent(channel));
      for (const person of people)
        await this.memberEvent(tx, Topics.ChannelMemberAdded, channel, person, 'member', identity.sub);
      return channel;
    });
    const id = created?.id ?? (await this.repo.findDm(dmKey))!.id;
    return { channel: await this.view(id, identity.sub), created: created !== null };
  }

  async access(channelId: string, userId: string): Promise<ChannelAccess> {
    const found = await this.repo.access(channelId, userId);
    if (!found) return { channel: null, role: null, member_version: 0 };
    return {
      channel: { id: found.id, type: found.type, archived_at: found.archived_at?.toISOString() ?? null },
      role: found.role,
      member_version: found.member_version,
    };
  }

  /** A member's read position, moved and read back in one statement; else 404 or 403 as `visible` says. */
  async markRead(identity: Identity, channelId: string, lastReadSeq: number): Promise<ReadState> {
    let row = await this.repo.markRead(channelId, identity.sub, lastReadSeq);
    if (!row) {
      const channel = await this.visible(channelId, identity.sub);
      if (!channel.role) throw channelsError(ChannelsErrorCode.NotAMember);
      // Joined between the two statements: now a member, so the update finds the row.
      row = await this.repo.markRead(channelId, identity.sub, lastReadSeq);
      if (!row) throw channelsError(ChannelsErrorCode.NotAMember);
    }
    const after = toChannelView(row);
    return {
      channel_id: channelId,
      last_read_seq: after.last_read_seq ?? 0,
      last_seq: after.last_seq ?? 0,
      unread_count: after.unread_count ?? 0,
      mention_count: after.mention_count ?? 0,
    };
  }

  private async removeLocked(
    tx: Tx,
    channel: ChannelRow,
    userId: string,
    role: MemberRole,
    by: string,
  ): Promise<MembershipNotice> {
    if (role === 'owner' && (await this.repo.owners(tx, channel.id)) === 1 && channel.member_count > 1)
      throw channelsError(ChannelsErrorCode.LastOwner);
    await this.repo.removeMember(tx, channel.id, userId);
    channel.member_count = await this.repo.memberCount(tx, channel.id);
    const version = await this.memberEvent(tx, Topics.ChannelMemberRemoved, channel, userId, role, by);
    return {
      channel_id: channel.id,
      channel_type: channel.type,
      user_id: userId,
      role: null,
      member_version: version,
    };
  }

  private async memberEvent(
    tx: Tx,
    topic: typeof Topics.ChannelMemberAdded | typeof Topics.ChannelMemberRemoved,
    channel: ChannelRow,
    userId: string,
    role: MemberRole,
    by: string | null,
  ): Promise<number> {
    const version = await this.repo.bumpMemberVersion(tx, channel.id);
    await this.outbox.enqueue(tx, topic, {
      channel_id: channel.id,
      channel_type: channel.type,
      user_id: userId,
      role,
      by_user_id: by,
      member_version: version,
    });
    return version;
  }

  /** The channel if the caller may see it: public channels to everyone, the rest to members (404 otherwise). */
  private async visible(channelId: string, userId: string): Promise<ChannelForUser> {
    const channel = await this.repo.findForUser(channelId, userId);
    if (!channel || (channel.type !== 'public' && channel.role === null))
      throw channelsError(ChannelsErrorCode.ChannelNotFound);
    return channel;
  }

  private async lockVisible(
    tx: Tx,
    channelId: string,
    userId: string,
  ): Promise<{ channel: ChannelRow; role: MemberRole | null }> {
    const channel = await this.repo.lock(tx, channelId);
    const member = channel ? await this.repo.member(channelId, userId, tx) : null;
    if (!channel || (channel.type !== 'public' && !member))
      throw channelsError(ChannelsErrorCode.ChannelNotFound);
    return { channel, role: member?.role ?? null };
  }

  private async view(channelId: string, userId: string): Promise<ChannelView> {
    return toChannelView((await this.repo.findForUser(channelId, userId))!);
  }

  private cursor<S extends z.ZodObject>(cursor: string, schema: S): z.infer<S> {
    const key = decodeCursor(cursor, schema);
    if (!key) throw channelsError(ChannelsErrorCode.BadCursor);
    return key;
  }

  /** Users this service has not heard of yet are asked of the users service (they may have just signed in). */
  private async requireKnown(
    identity: Identity,
    ids: string[],
    field: string,
    given: string[] = ids,
  ): Promise<void> {
    const known = await this.repo.knownUsers(ids);
    for (const id of ids.filter((candidate) => !known.has(candidate))) {
      const user = await this.peers.user(identity, id);
      if (!user) continue;
      await this.repo.rememberUser(user.id, user.username);
      known.add(user.id);
    }
    const unknown = given
      .map((id, index) => ({ id, index }))
      .filter(({ id }) => ids.includes(id) && !known.has(id));
    if (unknown.length > 0)
      throw channelsError(
        ChannelsErrorCode.UnknownUsers,
        'CoLink does not know some of these users: they have never signed in.',
        unknown.map(({ index }) => ({
          field: given === ids && ids.length === 1 ? field : `${field}.${index}`,
          message: 'is not a known user',
        })),
      );
  }

  private async remember(identity: Identity): Promise<void> {
    const key = `${identity.sub}:${identity.username}`;
    if (this.remembered.has(key)) return;
    await this.repo.rememberUser(identity.sub, identity.username);
    this.remembered.add(key);
  }
}
