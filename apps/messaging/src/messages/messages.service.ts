import {
  AnySocketEnvelope,
  EditMessage,
  ListChangesQuery,
  ListEditsQuery,
  ListMessagesQuery,
  ListRepliesQuery,
  MessageEdit,
  MessageView,
  Page,
  PostMessage,
  Topics,
  toSocketEnvelope,
} from '@colink/contracts';
import { decodeCursor, encodeCursor, hasAnyRole, Identity, Outbox, Sql } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AccessRepository, ChannelState, MemberRole } from '../access/access.repository';
import { accessOf, canDelete, Access } from '../access/access.rules';
import { ChannelsClient } from '../access/channels.client';
import { FilesClient } from '../access/files.client';
import type { MembershipNotice } from '../access/memberships-internal.controller';
import { parseMentions } from './mentions';
import { toDeletedEvent, toEditView, toMessageView } from './message.mapper';
import { MessagesErrorCode, messagesError } from './messages.errors';
import { PostBatcher } from './post-batcher';
import {
  FileSummary,
  Mentions,
  MessageRow,
  MessagesRepository,
  isUnstorableText,
} from './messages.repository';

const HistoryCursor = z.strictObject({ d: z.enum(['before', 'after']), s: z.int().nonnegative() });
const EditCursor = z.strictObject({ e: z.int().nonnegative() });
const ChangeCursor = z.strictObject({ r: z.int().nonnegative() });

interface Visible {
  channel: ChannelState;
  role: MemberRole | null;
}

/** How long an allowed answer to "may this user post here" is reused, and how many are kept. */
const WRITER_TTL_MS = 10_000;
const WRITERS_MAX = 50_000;
const writerKey = (channelId: string, userId: string) => `${channelId}:${userId}`;

@Injectable()
export class MessagesService {
  private readonly remembered = new Set<string>();
  private readonly writers = new Map<string, { found: Visible; until: number }>();

  constructor(
    private readonly repo: MessagesRepository,
    private readonly access: AccessRepository,
    private readonly outbox: Outbox,
    private readonly channels: ChannelsClient,
    private readonly filesClient: FilesClient,
    private readonly batcher: PostBatcher,
  ) {}

  /** A membership change channels confirmed (a removal, before answering it). */
  async applyMembership(notice: MembershipNotice): Promise<void> {
    this.writers.delete(writerKey(notice.channel_id, notice.user_id));
    await this.repo.transaction(async (tx) => {
      await this.access.upsertChannel(tx, { id: notice.channel_id, type: notice.channel_type });
      await this.access.applyMembership(
        tx,
        notice.channel_id,
        notice.user_id,
        notice.role,
        notice.member_version,
      );
    });
  }

  async post(identity: Identity, channelId: string, input: PostMessage): Promise<MessageView> {
    await this.remember(identity);
    const rootId = input.thread_root_id ?? null;
    // A top-level post's insert checks membership, archiving and mutes itself (postTopLevel), so
    // a recent allowed answer may be reused for it; a reply is checked here in full.
    await this.writable(channelId, identity, rootId === null);
    if (rootId || input.also_send_to_channel) await this.notMuted(identity.sub, channelId);
    if (input.also_send_to_channel && !rootId)
      throw messagesError(MessagesErrorCode.BadThreadRoot, [
        { field: 'also_send_to_channel', message: 'needs thread_root_id' },
      ]);
    if (rootId) {
      const root = await this.repo.find(rootId);
      if (!root || root.channel_id !== channelId || root.thread_root_id !== null)
        throw messagesError(MessagesErrorCode.UnknownThreadRoot, [
          { field: 'thread_root_id', message: 'is not a top-level message of this channel' },
        ]);
      if (root.deleted_at) throw messagesError(MessagesErrorCode.MessageDeleted);
    }
    const mentions = await this.resolveMentions(input.content);
    const files = await this.resolveFiles(identity, channelId, input.file_ids ?? []);
    if (!rootId) return this.postTopLevel(identity, channelId, input.content, mentions, files);
    return this.repo.transaction(async (tx) => {
      // Message rows are locked before the channel's counter everywhere (edits, reactions,
      // deletions), so a reply and a change to its root never wait on each other in a cycle.
      await this.repo.lock(tx, rootId);
      const next = await this.repo.nextSeq(tx, channelId);
      if (!next) throw messagesError(MessagesErrorCode.ChannelNotFound);
      if (next.archived) throw messagesError(MessagesErrorCode.Archived);
      const row = await this.repo.insert(tx, next.seq, {
        id: randomUUID(),
        channelId,
        userId: identity.sub,
        content: input.content,
        threadRootId: rootId,
        alsoSendToChannel: Boolean(input.also_send_to_channel),
        ...mentions,
        files,
      });
      const message = toMessageView(row, []);
      await this.outbox.enqueue(tx, Topics.MessageCreated, message);
      // The root's reply_count and last_reply_at changed: followers of the thread learn it too.
      const root = await this.repo.countReply(tx, rootId);
      await this.outbox.enqueue(tx, Topics.MessageUpdated, await this.viewIn(tx, root));
      return message;
    });
  }

  /**
   * The hot path: everything is built and validated before the one statement that takes the
   * channel's seq, so the counter row is locked for a single round trip, not across the event loop;
   * posts arriving together share that statement and its commit (PostBatcher).
   */
  private async postTopLevel(
    identity: Identity,
    channelId: string,
    content: string,
    mentions: Mentions,
    files: FileSummary[],
  ): Promise<MessageView> {
    const message = {
      id: randomUUID(),
      channelId,
      userId: identity.sub,
      content,
      threadRootId: null,
      alsoSendToChannel: false,
      ...mentions,
      files,
    };
    const createdAt = new Date();
    const draft = toMessageView(
      {
        id: message.id,
        channel_id: channelId,
        seq: 1, // replaced by the database with the seq it assigns
        user_id: identity.sub,
        content,
        thread_root_id: null,
        also_send_to_channel: false,
        reply_count: 0,
        last_reply_at: null,
        mentions: mentions.mentions,
        mentions_channel: mentions.mentionsChannel,
        mentions_here: mentions.mentionsHere,
        files,
        created_at: createdAt,
        edited_at: null,
        deleted_at: null,
        deleted_by: null,
      },
      [],
    );
    let seq = await this.batcher.write({ message, createdAt, draft }).catch((error: unknown) => {
      // Only a post written alone fails here (a group that fails is written one by one): the
      // statement refused this post's own text, which got past the schema (a lone surrogate).
      throw isUnstorableText(error) ? messagesError(MessagesErrorCode.UnstorableContent) : error;
    });
    if (seq === null) {
      // Refused by the insert's own checks: find out why from the projection (and channels, for a
      // membership it has not learnt yet), answer with that, or write again if it now allows.
      this.writers.delete(writerKey(channelId, identity.sub));
      await this.writable(channelId, identity);
      await this.notMuted(identity.sub, channelId);
      seq = await this.batcher.write({ message, createdAt, draft });
      if (seq === null) throw messagesError(MessagesErrorCode.ChannelNotFound);
    }
    return { ...draft, seq };
  }

  async history(identity: Identity, channelId: string, query: ListMessagesQuery): Promise<Page<MessageView>> {
    await this.readable(channelId, identity);
    let { before_seq: before, after_seq: after } = query;
    if (query.cursor) {
      const cursor = this.cursor(query.cursor, HistoryCursor);
      if (cursor.d === 'before') before = cursor.s;
      else after = cursor.s;
    }
    const rows = await this.repo.history(channelId, { before, after }, query.limit + 1);
    const forward = after !== undefined;
    const more = rows.length > query.limit;
    const page = forward
      ? rows.slice(0, query.limit)
      : rows.slice(rows.length - Math.min(rows.length, query.limit));
    const edge = forward ? page[page.length - 1] : page[0];
    return {
      items: await this.views(page),
      next_cursor: more && edge ? encodeCursor({ d: forward ? 'after' : 'before', s: edge.seq }) : null,
    };
  }

  async get(identity: Identity, messageId: string): Promise<MessageView> {
    const message = await this.readableMessage(messageId, identity);
    return (await this.views([message]))[0];
  }

  async replies(identity: Identity, messageId: string, query: ListRepliesQuery): Promise<Page<MessageView>> {
    await this.readableMessage(messageId, identity);
    let after = query.after_seq ?? 0;
    if (query.cursor) after = this.cursor(query.cursor, HistoryCursor).s;
    const rows = await this.repo.replies(messageId, after, query.limit + 1);
    const page = rows.slice(0, query.limit);
    return {
      items: await this.views(page),
      next_cursor:
        rows.length > query.limit ? encodeCursor({ d: 'after', s: page[page.length - 1].seq }) : null,
    };
  }

  async edit(identity: Identity, messageId: string, input: EditMessage): Promise<MessageView> {
    await this.remember(identity);
    const current = await this.readableMessage(messageId, identity);
    if (current.user_id !== identity.sub) throw messagesError(MessagesErrorCode.NotAuthor);
    await this.writable(current.channel_id, identity);
    const mentions = await this.resolveMentions(input.content);
    return this.repo.transaction(async (tx) => {
      const before = (await this.repo.lock(tx, messageId))!;
      if (before.deleted_at) throw messagesError(MessagesErrorCode.MessageDeleted);
      if (before.content === input.content) return this.viewIn(tx, before);
      const after = await this.repo.edit(tx, before, input.content, mentions, identity.sub);
      const view = await this.viewIn(tx, after);
      await this.repo.lockChannel(tx, after.channel_id);
      await this.outbox.enqueue(tx, Topics.MessageUpdated, view);
      return view;
    });
  }

  async edits(identity: Identity, messageId: string, query: ListEditsQuery): Promise<Page<MessageEdit>> {
    await this.readableMessage(messageId, identity);
    const after = query.cursor ? this.cursor(query.cursor, EditCursor).e : 0;
    const rows = await this.repo.edits(messageId, after, query.limit + 1);
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(toEditView),
      next_cursor: rows.length > query.limit ? encodeCursor({ e: page[page.length - 1].id }) : null,
    };
  }

  /** Deleting twice is a no-op; the tombstone keeps the seq so history has no hole. */
  async remove(identity: Identity, messageId: string): Promise<void> {
    const current = await this.readableMessage(messageId, identity);
    const { role } = (await this.access.channelFor(current.channel_id, identity.sub))!;
    if (!canDelete(current.user_id === identity.sub, role, hasAnyRole(identity, ['moderator'])))
      throw messagesError(MessagesErrorCode.NotAllowed);
    await this.repo.transaction(async (tx) => {
      const before = (await this.repo.lock(tx, messageId))!;
      if (before.deleted_at) return;
      const tombstone = await this.repo.tombstone(tx, messageId, identity.sub);
      await this.repo.lockChannel(tx, tombstone.channel_id);
      await this.outbox.enqueue(tx, Topics.MessageDeleted, toDeletedEvent(tombstone));
    });
  }

  async react(identity: Identity, messageId: string, emoji: string, add: boolean): Promise<MessageView> {
    const current = await this.readableMessage(messageId, identity);
    await this.writable(current.channel_id, identity);
    return this.repo.transaction(async (tx) => {
      const message = (await this.repo.lock(tx, messageId))!;
      if (message.deleted_at) throw messagesError(MessagesErrorCode.MessageDeleted);
      const changed = add
        ? await this.repo.addReaction(tx, messageId, emoji, identity.sub)
        : await this.repo.removeReaction(tx, messageId, emoji, identity.sub);
      const view = await this.viewIn(tx, message);
      if (changed) {
        // Last, so the channel's counter is held for as short a time as possible.
        await this.repo.lockChannel(tx, message.channel_id);
        await this.outbox.enqueue(tx, add ? Topics.ReactionAdded : Topics.ReactionRemoved, {
          message_id: messageId,
          channel_id: message.channel_id,
          user_id: identity.sub,
          emoji,
        });
      }
      return view;
    });
  }

  /**
   * The channel's changes after `after_rev` as socket envelopes, in `rev` order: what `sync` gives,
   * paged. Members only (a public channel's history is readable by all; its change feed follows
   * membership, as the socket rooms do).
   */
  async changes(
    identity: Identity,
    channelId: string,
    query: ListChangesQuery,
  ): Promise<Page<AnySocketEnvelope>> {
    await this.member(channelId, identity);
    const after = query.cursor ? this.cursor(query.cursor, ChangeCursor).r : query.after_rev;
    const rows = await this.repo.changes(channelId, after, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((event) => toSocketEnvelope(event) as AnySocketEnvelope),
      next_cursor: rows.length > query.limit && last?.rev ? encodeCursor({ r: last.rev }) : null,
    };
  }

  /** Public channels are readable by everyone; private channels and DMs only by members (404 otherwise). */
  private async readable(channelId: string, identity: Identity): Promise<Visible> {
    const found = await this.accessTo(channelId, identity, 'read');
    if (!found || accessOf(found.channel.type, found.role) === 'hidden')
      throw messagesError(MessagesErrorCode.ChannelNotFound);
    return found;
  }

  /**
   * `recent`: an allowed answer of the last WRITER_TTL_MS may be reused, for a write whose own
   * statement checks the projection again (a top-level post): it saves a round trip per post.
   */
  private async writable(channelId: string, identity: Identity, recent = false): Promise<Visible> {
    const key = writerKey(channelId, identity.sub);
    const cached = recent ? this.writers.get(key) : undefined;
    if (cached && cached.until > Date.now()) return cached.found;
    const found = await this.accessTo(channelId, identity, 'write');
    if (!found || accessOf(found.channel.type, found.role) === 'hidden')
      throw messagesError(MessagesErrorCode.ChannelNotFound);
    if (accessOf(found.channel.type, found.role) !== 'write')
      throw messagesError(MessagesErrorCode.NotAMember);
    if (found.channel.archived_at) throw messagesError(MessagesErrorCode.Archived);
    if (this.writers.size >= WRITERS_MAX) this.writers.clear();
    this.writers.set(key, { found, until: Date.now() + WRITER_TTL_MS });
    return found;
  }

  private async notMuted(userId: string, channelId: string): Promise<void> {
    const mute = await this.access.activeMute(userId, channelId);
    if (mute)
      throw messagesError(
        MessagesErrorCode.Muted,
        undefined,
        mute.expires_at
          ? `A moderator muted you until ${mute.expires_at.toISOString()}.`
          : 'A moderator muted you until they unmute you.',
      );
  }

  /** Members only: a private channel or DM is 404 to others, a public one 403. */
  private async member(channelId: string, identity: Identity): Promise<Visible> {
    const found = await this.accessTo(channelId, identity, 'write');
    if (!found || accessOf(found.channel.type, found.role) === 'hidden')
      throw messagesError(MessagesErrorCode.ChannelNotFound);
    if (accessOf(found.channel.type, found.role) !== 'write')
      throw messagesError(MessagesErrorCode.NotAMember);
    return found;
  }

  private async readableMessage(messageId: string, identity: Identity): Promise<MessageRow> {
    const message = await this.repo.find(messageId);
    const found = message ? await this.accessTo(message.channel_id, identity, 'read') : null;
    if (!message || !found || accessOf(found.channel.type, found.role) === 'hidden')
      throw messagesError(MessagesErrorCode.MessageNotFound);
    return message;
  }

  /**
   * The caller's access from the projection; when it would refuse (no such channel yet, or not a
   * member yet), channels, which owns both, is asked and the projection filled from its answer, so a
   * channel created, opened or joined a moment ago is never refused for lag. Removals reach the
   * projection before channels answers them (MembershipsInternalController), so an allowed answer
   * from the projection is never stale.
   */
  private async accessTo(channelId: string, identity: Identity, need: Access): Promise<Visible | null> {
    const found = await this.access.channelFor(channelId, identity.sub);
    const access = found ? accessOf(found.channel.type, found.role) : 'hidden';
    if (access === 'write' || access === need) return found;
    const truth = await this.channels.access(identity, channelId);
    if (!truth?.channel) return found;
    const channel = truth.channel;
    await this.repo.transaction(async (tx) => {
      await this.access.upsertChannel(tx, {
        id: channel.id,
        type: channel.type,
        archivedAt: channel.archived_at,
      });
      await this.access.applyMembership(tx, channel.id, identity.sub, truth.role, truth.member_version);
    });
    return this.access.channelFor(channelId, identity.sub);
  }

  private async resolveMentions(content: string): Promise<Mentions> {
    const parsed = parseMentions(content);
    const ids = await this.access.usersByName(parsed.usernames);
    return {
      mentions: [...new Set(parsed.usernames.flatMap((name) => (ids.has(name) ? [ids.get(name)!] : [])))],
      mentionsChannel: parsed.channel,
      mentionsHere: parsed.here,
    };
  }

  private async resolveFiles(
    identity: Identity,
    channelId: string,
    fileIds: string[],
  ): Promise<FileSummary[]> {
    const userId = identity.sub;
    const unique = [...new Set(fileIds)];
    const found = new Map((await this.access.files(unique)).map((file) => [file.id, file]));
    // A file confirmed a moment ago may not have reached the projection yet: ask its owner.
    for (const id of unique.filter((id) => !found.has(id))) {
      const file = await this.filesClient.file(identity, id);
      if (file) found.set(id, file);
    }
    const bad = unique.filter((id) => {
      const file = found.get(id);
      return (
        !file ||
        file.channel_id !== channelId ||
        file.uploader_id !== userId ||
        file.scan_status === 'infected'
      );
    });
    if (bad.length > 0)
      throw messagesError(
        MessagesErrorCode.UnknownFiles,
        bad.map((id) => ({
          field: `file_ids.${fileIds.indexOf(id)}`,
          message: 'is not a file you can attach here',
        })),
      );
    return unique.map((id) => {
      const file = found.get(id)!;
      return { id, filename: file.filename, content_type: file.content_type, size_bytes: file.size_bytes };
    });
  }

  private async views(rows: MessageRow[]): Promise<MessageView[]> {
    const reactions = await this.repo.reactions(rows.map((row) => row.id));
    return rows.map((row) => toMessageView(row, reactions));
  }

  private async viewIn(q: Sql, row: MessageRow): Promise<MessageView> {
    return toMessageView(row, await this.repo.reactions([row.id], q));
  }

  private cursor<S extends z.ZodObject>(cursor: string, schema: S): z.infer<S> {
    const key = decodeCursor(cursor, schema);
    if (!key) throw messagesError(MessagesErrorCode.BadCursor);
    return key;
  }

  private async remember(identity: Identity): Promise<void> {
    const key = `${identity.sub}:${identity.username}`;
    if (this.remembered.has(key)) return;
    await this.access.rememberUser(identity.sub, identity.username);
    this.remembered.add(key);
  }
}
