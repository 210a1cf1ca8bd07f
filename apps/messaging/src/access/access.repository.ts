import { Db, Sql, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';

export type ChannelType = 'public' | 'private' | 'dm';
export type MemberRole = 'owner' | 'admin' | 'member';

export interface ChannelState {
  id: string;
  type: ChannelType;
  archived_at: Date | null;
}

export interface FileRef {
  id: string;
  channel_id: string;
  uploader_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  scan_status: string;
}

/** The projections messaging keeps of other services' data: channels, members, users, files. */
@Injectable()
export class AccessRepository {
  private readonly s: string;

  constructor(private readonly db: Db) {
    this.s = db.schema;
  }

  /** A mute (from `moderation.action`) scoped to the channel or everywhere: the scope is '' then. */
  async mute(tx: Tx, userId: string, channelId: string | null, expiresAt: string | null, actionId: string) {
    await tx.exec(
      `INSERT INTO ${this.s}.mutes (user_id, scope, expires_at, action_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, scope) DO UPDATE SET expires_at = EXCLUDED.expires_at, action_id = EXCLUDED.action_id`,
      [userId, channelId ?? '', expiresAt, actionId],
    );
  }

  /** Unmute in a channel, or (no channel) everywhere. */
  async unmute(tx: Tx, userId: string, channelId: string | null): Promise<void> {
    if (channelId)
      await tx.exec(`DELETE FROM ${this.s}.mutes WHERE user_id = $1 AND scope = $2`, [userId, channelId]);
    else await tx.exec(`DELETE FROM ${this.s}.mutes WHERE user_id = $1`, [userId]);
  }

  /** The mute that applies to the user posting in the channel now, the longest first. */
  activeMute(userId: string, channelId: string): Promise<{ expires_at: Date | null } | null> {
    return this.db.one<{ expires_at: Date | null }>(
      `SELECT expires_at FROM ${this.s}.mutes
        WHERE user_id = $1 AND scope IN ('', $2) AND (expires_at IS NULL OR expires_at > now())
        ORDER BY expires_at DESC NULLS FIRST LIMIT 1`,
      [userId, channelId],
    );
  }

  /** The channel and the caller's role in it, in one round trip. */
  async channelFor(
    channelId: string,
    userId: string,
  ): Promise<{ channel: ChannelState; role: MemberRole | null } | null> {
    const row = await this.db.one<ChannelState & { role: MemberRole | null }>(
      `SELECT c.id, c.type, c.archived_at, m.role
         FROM ${this.s}.channels c
         LEFT JOIN ${this.s}.members m ON m.channel_id = c.id AND m.user_id = $2 AND NOT m.removed
        WHERE c.id = $1`,
      [channelId, userId],
    );
    if (!row) return null;
    const { role, ...channel } = row;
    return { channel, role };
  }

  async upsertChannel(
    tx: Tx,
    channel: { id: string; type: ChannelType; archivedAt?: string | null },
  ): Promise<void> {
    await tx.exec(
      `INSERT INTO ${this.s}.channels (id, type, archived_at) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type,
         archived_at = CASE WHEN $4 THEN EXCLUDED.archived_at ELSE channels.archived_at END`,
      [channel.id, channel.type, channel.archivedAt ?? null, channel.archivedAt !== undefined],
    );
  }

  /**
   * Applies a membership change (`role` null: removed) unless a newer one is already applied: the
   * channel's membership version orders changes from events and from channels' direct notices alike.
   */
  async applyMembership(
    q: Sql,
    channelId: string,
    userId: string,
    role: MemberRole | null,
    version: number,
  ): Promise<void> {
    await q.exec(
      `INSERT INTO ${this.s}.members (channel_id, user_id, role, version, removed)
       VALUES ($1, $2, COALESCE($3, 'member'), $4, $3 IS NULL)
       ON CONFLICT (channel_id, user_id) DO UPDATE
         SET role = COALESCE($3, members.role), version = EXCLUDED.version, removed = EXCLUDED.removed
       WHERE members.version <= EXCLUDED.version`,
      [channelId, userId, role, version],
    );
  }

  async rememberUser(id: string, username: string, q: Sql = this.db): Promise<void> {
    await q.exec(
      `INSERT INTO ${this.s}.known_users (id, username) VALUES ($1, lower($2))
       ON CONFLICT (id) DO UPDATE SET username = EXCLUDED.username, updated_at = now()
        WHERE known_users.username IS DISTINCT FROM EXCLUDED.username`,
      [id, username],
    );
  }

  /** username -> id; where two users had the same name over time, the latest wins. */
  async usersByName(usernames: string[]): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const rows = await this.db.many<{ id: string; username: string }>(
      `SELECT DISTINCT ON (username) id, username FROM ${this.s}.known_users
        WHERE username = ANY ($1::text[]) ORDER BY username, updated_at DESC`,
      [usernames],
    );
    return new Map(rows.map((row) => [row.username, row.id]));
  }

  async upsertFile(tx: Tx, file: FileRef): Promise<void> {
    await tx.exec(
      `INSERT INTO ${this.s}.files (id, channel_id, uploader_id, filename, content_type, size_bytes, scan_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET scan_status = CASE WHEN EXCLUDED.scan_status = 'pending'
         THEN files.scan_status ELSE EXCLUDED.scan_status END`,
      [
        file.id,
        file.channel_id,
        file.uploader_id,
        file.filename,
        file.content_type,
        file.size_bytes,
        file.scan_status,
      ],
    );
  }

  async setScanStatus(tx: Tx, fileId: string, status: string): Promise<void> {
    await tx.exec(`UPDATE ${this.s}.files SET scan_status = $2 WHERE id = $1`, [fileId, status]);
  }

  async files(ids: string[]): Promise<FileRef[]> {
    if (ids.length === 0) return [];
    return this.db.many<FileRef>(
      `SELECT id, channel_id, uploader_id, filename, content_type, size_bytes::float8 AS size_bytes, scan_status
         FROM ${this.s}.files WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
  }
}
