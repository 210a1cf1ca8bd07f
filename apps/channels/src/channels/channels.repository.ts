import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.s = (dataSource.options as { schema?: string }).schema ?? 'public';
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async findForUser(
    channelId: string,
    userId: string,
    manager?: EntityManager,
  ): Promise<ChannelForUser | null> {
    const rows: ChannelForUser[] = await this.db(manager).query(
      `SELECT ${CHANNEL_COLUMNS}, m.role, m.last_read_seq::float8 AS last_read_seq,
              CASE WHEN m.user_id IS NULL THEN NULL ELSE (${unreadSub(this.s)}) END AS unread_count,
              CASE WHEN m.user_id IS NULL THEN NULL ELSE (${mentionSub(this.s)}) END AS mention_count
         FROM "${this.s}".channels c
         LEFT JOIN "${this.s}".members m ON m.channel_id = c.id AND m.user_id = $2
        WHERE c.id = $1`,
      [channelId, userId],
    );
    return rows[0] ?? null;
  }

  /** Locks the channel row: membership changes of one channel are serialized. */
  async lock(manager: EntityManager, channelId: string): Promise<ChannelRow | null> {
    const rows: ChannelRow[] = await manager.query(
      `SELECT ${CHANNEL_COLUMNS} FROM "${this.s}".channels c WHERE c.id = $1 FOR UPDATE`,
      [channelId],
    );
    return rows[0] ?? null;
  }

  /** Inserts a channel; null when its name (or DM key) is taken. */
  async insert(manager: EntityManager, channel: NewChannel): Promise<ChannelRow | null> {
    const rows: ChannelRow[] = await manager.query(
      `INSERT INTO "${this.s}".channels AS c (id, name, description, type, created_by, dm_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING
       RETURNING ${CHANNEL_COLUMNS}`,
      [channel.id, channel.name, channel.description, channel.type, channel.createdBy, channel.dmKey],
    );
    return rows[0] ?? null;
  }

  async findDm(dmKey: string): Promise<ChannelRow | null> {
    const rows: ChannelRow[] = await this.dataSource.query(
      `SELECT ${CHANNEL_COLUMNS} FROM "${this.s}".channels c WHERE c.dm_key = $1`,
      [dmKey],
    );
    return rows[0] ?? null;
  }

  async nameTaken(manager: EntityManager, name: string, exceptId: string | null): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM "${this.s}".channels WHERE name = $1 AND type <> 'dm' AND id IS DISTINCT FROM $2`,
      [name, exceptId],
    );
    return rows.length > 0;
  }

  async update(
    manager: EntityManager,
    channelId: string,
    patch: { name?: string; description?: string; type?: ChannelType; archive?: boolean },
  ): Promise<ChannelRow> {
    const rows: [ChannelRow[], number] = await manager.query(
      `UPDATE "${this.s}".channels AS c
          SET name = COALESCE($2, name), description = COALESCE($3, description), type = COALESCE($4, type),
              archived_at = CASE WHEN $5 THEN COALESCE(archived_at, now()) ELSE archived_at END
        WHERE id = $1
        RETURNING ${CHANNEL_COLUMNS}`,
      [channelId, patch.name ?? null, patch.description ?? null, patch.type ?? null, patch.archive ?? false],
    );
    return rows[0][0];
  }

  async member(channelId: string, userId: string, manager?: EntityManager): Promise<MemberRow | null> {
    const rows: MemberRow[] = await this.db(manager).query(
      `SELECT channel_id, user_id, role, joined_at, last_read_seq::float8 AS last_read_seq
         FROM "${this.s}".members WHERE channel_id = $1 AND user_id = $2`,
      [channelId, userId],
    );
    return rows[0] ?? null;
  }

  /** Adds a member, starting them as having read everything up to now; null when already a member. */
  async addMember(
    manager: EntityManager,
    channelId: string,
    userId: string,
    role: MemberRole,
  ): Promise<MemberRow | null> {
    const rows: MemberRow[] = await manager.query(
      `INSERT INTO "${this.s}".members (channel_id, user_id, role, last_read_seq)
       SELECT $1, $2, $3, c.last_seq FROM "${this.s}".channels c WHERE c.id = $1
       ON CONFLICT DO NOTHING
       RETURNING channel_id, user_id, role, joined_at, last_read_seq::float8 AS last_read_seq`,
      [channelId, userId, role],
    );
    if (rows.length === 0) return null;
    await this.recount(manager, channelId);
    return rows[0];
  }

  async setRole(
    manager: EntityManager,
    channelId: string,
    userId: string,
    role: MemberRole,
  ): Promise<MemberRow> {
    const rows: [MemberRow[], number] = await manager.query(
      `UPDATE "${this.s}".members SET role = $3 WHERE channel_id = $1 AND user_id = $2
       RETURNING channel_id, user_id, role, joined_at, last_read_seq::float8 AS last_read_seq`,
      [channelId, userId, role],
    );
    return rows[0][0];
  }

  async removeMember(manager: EntityManager, channelId: string, userId: string): Promise<boolean> {
    const rows: [unknown[], number] = await manager.query(
      `DELETE FROM "${this.s}".members WHERE channel_id = $1 AND user_id = $2 RETURNING user_id`,
      [channelId, userId],
    );
    if (rows[1] === 0) return false;
    await this.recount(manager, channelId);
    return true;
  }

  private async recount(manager: EntityManager, channelId: string): Promise<void> {
    await manager.query(
      `UPDATE "${this.s}".channels SET member_count =
         (SELECT count(*) FROM "${this.s}".members WHERE channel_id = $1) WHERE id = $1`,
      [channelId],
    );
  }

  async owners(manager: EntityManager, channelId: string): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM "${this.s}".members WHERE channel_id = $1 AND role = 'owner'`,
      [channelId],
    );
    return rows[0].n;
  }

  async memberCount(manager: EntityManager, channelId: string): Promise<number> {
    const rows: Array<{ member_count: number }> = await manager.query(
      `SELECT member_count FROM "${this.s}".channels WHERE id = $1`,
      [channelId],
    );
    return rows[0]?.member_count ?? 0;
  }

  /** The caller's channels and DMs by name, with read state. */
  async listJoined(
    userId: string,
    limit: number,
    after: { name: string; id: string } | null,
  ): Promise<ChannelForUser[]> {
    return this.dataSource.query(
      `SELECT ${CHANNEL_COLUMNS}, ${READ_STATE_COLUMNS(this.s)}
         FROM "${this.s}".members m JOIN "${this.s}".channels c ON c.id = m.channel_id
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
    return this.dataSource.query(
      `SELECT ${CHANNEL_COLUMNS}, m.role, NULL AS last_read_seq, NULL AS unread_count, NULL AS mention_count
         FROM "${this.s}".channels c
         LEFT JOIN "${this.s}".members m ON m.channel_id = c.id AND m.user_id = $1
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
    return this.dataSource.query(
      `SELECT channel_id, user_id, role, joined_at, last_read_seq::float8 AS last_read_seq
         FROM "${this.s}".members
        WHERE channel_id = $1 AND ($3::timestamptz IS NULL OR (joined_at, user_id) > ($3::timestamptz, $4::uuid))
        ORDER BY joined_at, user_id
        LIMIT $2`,
      [channelId, limit, after?.joined_at ?? null, after?.user_id ?? null],
    );
  }

  async markRead(channelId: string, userId: string, seq: number): Promise<boolean> {
    const rows: [unknown[], number] = await this.dataSource.query(
      `UPDATE "${this.s}".members SET last_read_seq = $3 WHERE channel_id = $1 AND user_id = $2 RETURNING 1`,
      [channelId, userId, seq],
    );
    return rows[1] > 0;
  }

  /** The ids among `ids` that CoLink knows. */
  async knownUsers(ids: string[]): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM "${this.s}".known_users WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  async rememberUser(id: string, username: string, manager?: EntityManager): Promise<void> {
    await this.db(manager).query(
      `INSERT INTO "${this.s}".known_users (id, username) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, updated_at = now()
        WHERE known_users.username IS DISTINCT FROM EXCLUDED.username`,
      [id, username],
    );
  }

  /** Records a message of a channel this service owns; the author has read up to it. */
  async addMark(manager: EntityManager, mark: MessageMark): Promise<void> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO "${this.s}".message_marks
         (channel_id, seq, message_id, user_id, in_history, mentions, mentions_all)
       SELECT $1, $2, $3, $4, $5, $6::uuid[], $7
        WHERE EXISTS (SELECT 1 FROM "${this.s}".channels WHERE id = $1)
       ON CONFLICT DO NOTHING
       RETURNING seq`,
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
    if (inserted.length === 0) return;
    await manager.query(`UPDATE "${this.s}".channels SET last_seq = GREATEST(last_seq, $2) WHERE id = $1`, [
      mark.channelId,
      mark.seq,
    ]);
    await manager.query(
      `UPDATE "${this.s}".members SET last_read_seq = GREATEST(last_read_seq, $3)
        WHERE channel_id = $1 AND user_id = $2`,
      [mark.channelId, mark.userId, mark.seq],
    );
  }

  async updateMarkMentions(
    manager: EntityManager,
    messageId: string,
    mentions: string[],
    mentionsAll: boolean,
  ): Promise<void> {
    await manager.query(
      `UPDATE "${this.s}".message_marks SET mentions = $2::uuid[], mentions_all = $3 WHERE message_id = $1`,
      [messageId, mentions, mentionsAll],
    );
  }

  async deleteMark(manager: EntityManager, messageId: string): Promise<void> {
    await manager.query(`UPDATE "${this.s}".message_marks SET deleted = true WHERE message_id = $1`, [
      messageId,
    ]);
  }
}

// Unread: messages in channel history by others after the marker. Mentions: by others, naming the
// caller or the whole channel; in a DM every unread message is for the caller.
function unreadSub(s: string): string {
  return `SELECT count(*)::int FROM "${s}".message_marks k
    WHERE k.channel_id = c.id AND k.seq > m.last_read_seq AND k.in_history AND NOT k.deleted
      AND k.user_id <> m.user_id`;
}

function mentionSub(s: string): string {
  return `SELECT count(*)::int FROM "${s}".message_marks k
    WHERE k.channel_id = c.id AND k.seq > m.last_read_seq AND NOT k.deleted AND k.user_id <> m.user_id
      AND (k.mentions_all OR m.user_id = ANY (k.mentions) OR (c.type = 'dm' AND k.in_history))`;
}
