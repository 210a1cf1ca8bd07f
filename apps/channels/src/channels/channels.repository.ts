import { Db, Sql, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { ChannelType, MemberRole } from '../common/types';

export interface ChannelRow {
  id: string;
  name: string;
  description: string;
  type: ChannelType;
  created_by: string;
  created_at: Date;
  archived_at: Date | null;
  member_count: number;
  last_seq: number;
}

export interface MemberRow {
  channel_id: string;
  user_id: string;
  role: MemberRole;
  joined_at: Date;
  last_read_seq: number;
}

/** A channel as one caller sees it: their membership and read state when they are a member. */
export interface ChannelForUser extends ChannelRow {
  role: MemberRole | null;
  last_read_seq: number | null;
  unread_count: number | null;
  mention_count: number | null;
}

export interface NewChannel {
  id: string;
  name: string;
  description: string;
  type: ChannelType;
  createdBy: string;
  dmKey: string | null;
}

export interface MessageMark {
  channelId: string;
  seq: number;
  messageId: string;
  userId: string;
  inHistory: boolean;
  mentions: string[];
  mentionsAll: boolean;
}

const CHANNEL_COLUMNS = `c.id, c.name, c.description, c.type, c.created_by, c.created_at, c.archived_at,
  c.member_count, c.last_seq::float8 AS last_seq`;

const READ_STATE_COLUMNS = (s: string) => `m.role, m.last_read_seq::float8 AS last_read_seq,
  (${unreadSub(s)}) AS unread_count, (${mentionSub(s)}) AS mention_count`;

/** The only class that touches the channels schema. */
@Injectable()
export class ChannelsRepository {
  private readonly s: string;

  constructor(private readonly db: Db) {
    this.s = db.schema;
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  findForUser(channelId: string, userId: string, q: Sql = this.db): Promise<ChannelForUser | null> {
    return q.one<ChannelForUser>(
      `SELECT ${CHANNEL_COLUMNS}, m.role, m.last_read_seq::float8 AS last_read_seq,
              CASE WHEN m.user_id IS NULL THEN NULL ELSE (${unreadSub(this.s)}) END AS unread_count,
              CASE WHEN m.user_id IS NULL THEN NULL ELSE (${mentionSub(this.s)}) END AS mention_count
         FROM ${this.s}.channels c
         LEFT JOIN ${this.s}.members m ON m.channel_id = c.id AND m.user_id = $2
        WHERE c.id = $1`,
      [channelId, userId],
    );
  }

  /** Locks the channel row: membership changes of one channel are serialized. */
  lock(tx: Tx, channelId: string): Promise<ChannelRow | null> {
    return tx.one<ChannelRow>(
      `SELECT ${CHANNEL_COLUMNS} FROM ${this.s}.channels c WHERE c.id = $1 FOR UPDATE`,
      [channelId],
    );
  }

  /** Inserts a channel; null when its name (or DM key) is taken. */
  insert(tx: Tx, channel: NewChannel): Promise<ChannelRow | null> {
    return tx.one<ChannelRow>(
      `INSERT INTO ${this.s}.channels AS c (id, name, description, type, created_by, dm_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING
       RETURNING ${CHANNEL_COLUMNS}`,
      [channel.id, channel.name, channel.description, channel.type, channel.createdBy, channel.dmKey],
    );
  }

  findDm(dmKey: string): Promise<ChannelRow | null> {
    return this.db.one<ChannelRow>(
      `SELECT ${CHANNEL_COLUMNS} FROM ${this.s}.channels c WHERE c.dm_key = $1`,
      [dmKey],
    );
  }

  async nameTaken(tx: Tx, name: string, exceptId: string | null): Promise<boolean> {
    const row = await tx.one(
      `SELECT 1 FROM ${this.s}.channels WHERE name = $1 AND type <> 'dm' AND id IS DISTINCT FROM $2`,
      [name, exceptId],
    );
    return row !== null;
  }

  async update(
    tx: Tx,
    channelId: string,
    patch: { name?: string; description?: string; type?: ChannelType; archive?: boolean },
  ): Promise<ChannelRow> {
    const row = await tx.one<ChannelRow>(
      `UPDATE ${this.s}.channels AS c
          SET name = COALESCE($2, name), description = COALESCE($3, description), type = COALESCE($4, type),
              archived_at = CASE WHEN $5 THEN COALESCE(archived_at, now()) ELSE archived_at END
        WHERE id = $1
        RETURNING ${CHANNEL_COLUMNS}`,
      [channelId, patch.name ?? null, patch.description ?? null, patch.type ?? null, patch.archive ?? false],
    );
    return required(row, 'channel', channelId);
  }

  member(channelId: string, userId: string, q: Sql = this.db): Promise<MemberRow | null> {
    return q.one<MemberRow>(
      `SELECT channel_id, user_id, role, joined_at, last_read_seq::float8 AS last_read_seq
         FROM ${this.s}.members WHERE channel_id = $1 AND user_id = $2`,
      [channelId, userId],
    );
  }

  /** Adds a member, starting them as having read everything up to now; null when already a member. */
  async addMember(tx: Tx, channelId: string, userId: string, role: MemberRole): Promise<MemberRow | null> {
    const row = await tx.one<MemberRow>(
      `INSERT INTO ${this.s}.members (channel_id, user_id, role, last_read_seq)
       SELECT $1, $2, $3, c.last_seq FROM ${this.s}.channels c WHERE c.id = $1
       ON CONFLICT DO NOTHING
       RETURNING channel_id, user_id, role, joined_at, last_read_seq::float8 AS last_read_seq`,
      [channelId, userId, role],
    );
    if (!row) return null;
    await this.recount(tx, channelId);
    return row;
  }

  async setRole(tx: Tx, channelId: string, userId: string, role: MemberRole): Promise<MemberRow> {
    const row = await tx.one<MemberRow>(
      `UPDATE ${this.s}.members SET role = $3 WHERE channel_id = $1 AND user_id = $2
       RETURNING channel_id, user_id, role, joined_at, last_read_seq::float8 AS last_read_seq`,
      [channelId, userId, role],
    );
    return required(row, 'member', `${channelId}/${userId}`);
  }

  async removeMember(tx: Tx, channelId: string, userId: string): Promise<boolean> {
    const removed = await tx.exec(`DELETE FROM ${this.s}.members WHERE channel_id = $1 AND user_id = $2`, [
      channelId,
      userId,
    ]);
    if (removed === 0) return false;
    await this.recount(tx, channelId);
    return true;
  }

  private async recount(tx: Tx, channelId: string): Promise<void> {
    await tx.exec(
      `UPDATE ${this.s}.channels SET member_count =
         (SELECT count(*) FROM ${this.s}.members WHERE channel_id = $1) WHERE id = $1`,
      [channelId],
    );
  }

  /** Bumps the channel's membership version: every membership change takes the next one. */
  async bumpMemberVersion(tx: Tx, channelId: string): Promise<number> {
    const row = await tx.one<{ v: number }>(
      `UPDATE ${this.s}.channels SET member_version = member_version + 1 WHERE id = $1
       RETURNING member_version::float8 AS v`,
      [channelId],
    );
    return row?.v ?? 0;
  }

  /** What messaging asks on a projection miss: the channel, the user's role in it, the membership version. */
  access(
    channelId: string,
    userId: string,
  ): Promise<{
    id: string;
    type: ChannelType;
    archived_at: Date | null;
    role: MemberRole | null;
    member_version: number;
  } | null> {
    return this.db.one(
      `SELECT c.id, c.type, c.archived_at, m.role, c.member_version::float8 AS member_version
         FROM ${this.s}.channels c
         LEFT JOIN ${this.s}.members m ON m.channel_id = c.id AND m.user_id = $2
        WHERE c.id = $1`,
      [channelId, userId],
    );
  }

  async owners(tx: Tx, channelId: string): Promise<number> {
    const row = await tx.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.s}.members WHERE channel_id = $1 AND role = 'owner'`,
      [channelId],
    );
    return row?.n ?? 0;
  }

  async memberCount(tx: Tx, channelId: string): Promise<number> {
    const row = await tx.one<{ member_count: number }>(
      `SELECT member_count FROM ${this.s}.channels WHERE id = $1`,
      [channelId],
    );
    return row?.member_count ?? 0;
  }

  /** The caller's channels and DMs by name, with read state. */
  async listJoined(
    userId: string,
    limit: number,
    after: { name: string; id: string } | null,
  ): Promise<ChannelForUser[]> {
    return this.db.many<ChannelForUser>(
      `SELECT ${CHANNEL_COLUMNS}, ${READ_STATE_COLUMNS(this.s)}
         FROM ${this.s}.members m JOIN ${this.s}.channels c ON c.id = m.channel_id
        WHERE m.user_id = $1 AND ($3::text IS NULL OR (c.name, c.id) > ($3::text, $4::uuid))
        ORDER BY c.name, c.id
        LIMIT $2`,
      [userId, limit, after?.name ?? null, after?.id ?? null],
    );
  }

  /** Public channels that are not archived, by name, with whether the caller is in them. */
  async listBrowse(
    userId: string,
    limit: number,
    after: { name: string; id: string } | null,
  ): Promise<ChannelForUser[]> {
    return this.db.many<ChannelForUser>(
      `SELECT ${CHANNEL_COLUMNS}, m.role, NULL AS last_read_seq, NULL AS unread_count, NULL AS mention_count
         FROM ${this.s}.channels c
         LEFT JOIN ${this.s}.members m ON m.channel_id = c.id AND m.user_id = $1
        WHERE c.type = 'public' AND c.archived_at IS NULL
          AND ($3::text IS NULL OR (c.name, c.id) > ($3::text, $4::uuid))
        ORDER BY c.name, c.id
        LIMIT $2`,
      [userId, limit, after?.name ?? null, after?.id ?? null],
    );
  }

  async listMembers(
    channelId: string,
    limit: number,
    after: { joined_at: string; user_id: string } | null,
  ): Promise<MemberRow[]> {
    return this.db.many<MemberRow>(
      `SELECT channel_id, user_id, role, joined_at, last_read_seq::float8 AS last_read_seq
         FROM ${this.s}.members
        WHERE channel_id = $1 AND ($3::timestamptz IS NULL OR (joined_at, user_id) > ($3::timestamptz, $4::uuid))
        ORDER BY joined_at, user_id
        LIMIT $2`,
      [channelId, limit, after?.joined_at ?? null, after?.user_id ?? null],
    );
  }

  /**
   * Moves a member's read position and returns their read state, in one statement; null when the
   * user is not a member of the channel (or there is no such channel).
   */
  markRead(channelId: string, userId: string, seq: number): Promise<ChannelForUser | null> {
    return this.db.one<ChannelForUser>(
      `WITH m AS (
         UPDATE ${this.s}.members SET last_read_seq = $3 WHERE channel_id = $1 AND user_id = $2
         RETURNING channel_id, user_id, role, last_read_seq
       )
       SELECT ${CHANNEL_COLUMNS}, ${READ_STATE_COLUMNS(this.s)}
         FROM ${this.s}.channels c JOIN m ON m.channel_id = c.id`,
      [channelId, userId, seq],
    );
  }

  /** The ids among `ids` that CoLink knows. */
  async knownUsers(ids: string[]): Promise<Set<string>> {
    const rows = await this.db.many<{ id: string }>(
      `SELECT id FROM ${this.s}.known_users WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  async rememberUser(id: string, username: string, q: Sql = this.db): Promise<void> {
    await q.exec(
      `INSERT INTO ${this.s}.known_users (id, username) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, updated_at = now()
        WHERE known_users.username IS DISTINCT FROM EXCLUDED.username`,
      [id, username],
    );
  }

  /**
   * Records a message of a channel this service owns; the author has read up to it. One statement
   * (one round trip per event): the mark, then, only if it is new, the channel's last seq and the
   * author's read position. The member update reads the channel update's rows, so the channel's row
   * is locked before the member's: the order every membership change takes (`lock`, then the member),
   * so a consumer batch and a removal never wait on each other in a cycle (Postgres runs a CTE that
   * nothing reads after the main statement, which locked the member first and deadlocked).
   */
  async addMark(tx: Tx, mark: MessageMark): Promise<void> {
    await tx.exec(
      `WITH mark AS (
         INSERT INTO ${this.s}.message_marks
           (channel_id, seq, message_id, user_id, in_history, mentions, mentions_all)
         SELECT $1, $2, $3, $4, $5, $6::uuid[], $7
          WHERE EXISTS (SELECT 1 FROM ${this.s}.channels WHERE id = $1)
         ON CONFLICT DO NOTHING
         RETURNING channel_id, seq, user_id
       ), channel AS (
         UPDATE ${this.s}.channels SET last_seq = GREATEST(channels.last_seq, mark.seq)
           FROM mark WHERE channels.id = mark.channel_id
           RETURNING mark.channel_id, mark.seq, mark.user_id
       )
       UPDATE ${this.s}.members SET last_read_seq = GREATEST(members.last_read_seq, channel.seq)
         FROM channel WHERE members.channel_id = channel.channel_id AND members.user_id = channel.user_id`,
      [
        mark.channelId,
        mark.seq,
        mark.messageId,
        mark.userId,
        mark.inHistory,
        mark.mentions,
        mark.mentionsAll,
      ],
    );
  }

  async updateMarkMentions(
    tx: Tx,
    messageId: string,
    mentions: string[],
    mentionsAll: boolean,
  ): Promise<void> {
    await tx.exec(
      `UPDATE ${this.s}.message_marks SET mentions = $2::uuid[], mentions_all = $3 WHERE message_id = $1`,
      [messageId, mentions, mentionsAll],
    );
  }

  async deleteMark(tx: Tx, messageId: string): Promise<void> {
    await tx.exec(`UPDATE ${this.s}.message_marks SET deleted = true WHERE message_id = $1`, [messageId]);
  }
}

function required<T>(row: T | null, what: string, id: string): T {
  if (!row) throw new Error(`${what} ${id} vanished inside its own transaction`);
  return row;
}

// Unread: messages in channel history by others after the marker. Mentions: by others, naming the
// caller or the whole channel; in a DM every unread message is for the caller.
function unreadSub(s: string): string {
  return `SELECT count(*)::int FROM ${s}.message_marks k
    WHERE k.channel_id = c.id AND k.seq > m.last_read_seq AND k.in_history AND NOT k.deleted
      AND k.user_id <> m.user_id`;
}

function mentionSub(s: string): string {
  return `SELECT count(*)::int FROM ${s}.message_marks k
    WHERE k.channel_id = c.id AND k.seq > m.last_read_seq AND NOT k.deleted AND k.user_id <> m.user_id
      AND (k.mentions_all OR m.user_id = ANY (k.mentions) OR (c.type = 'dm' AND k.in_history))`;
}
