import { Db, Sql, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';

export interface ModerationRow {
  id: string;
  action: 'warn' | 'mute' | 'kick' | 'ban' | 'unmute' | 'unban';
  target_user_id: string;
  channel_id: string | null;
  moderator_id: string;
  reason: string;
  duration_s: number | null;
  expires_at: Date | null;
  created_at: Date;
}

const COLUMNS = `id, action, target_user_id, channel_id, moderator_id, reason, duration_s, expires_at, created_at`;

/** The only class that touches moderation actions. */
@Injectable()
export class ModerationRepository {
  private readonly s: string;

  constructor(private readonly db: Db) {
    this.s = db.schema;
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(tx: Tx, row: ModerationRow): Promise<void> {
    await tx.exec(
      `INSERT INTO ${this.s}.moderation_actions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        row.id,
        row.action,
        row.target_user_id,
        row.channel_id,
        row.moderator_id,
        row.reason,
        row.duration_s,
        row.expires_at,
        row.created_at,
      ],
    );
  }

  /**
   * Bans whose duration is over, not lifted yet, and not superseded by a later ban or unban of the
   * same user (the later one decides).
   */
  dueBans(now: Date, limit: number, q: Sql = this.db): Promise<ModerationRow[]> {
    return q.many<ModerationRow>(
      `SELECT ${COLUMNS.split(', ')
        .map((c) => `b.${c}`)
        .join(', ')} FROM ${this.s}.moderation_actions b
        WHERE b.action = 'ban' AND b.expires_at IS NOT NULL AND b.expires_at <= $1 AND b.lifted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM ${this.s}.moderation_actions later
                           WHERE later.target_user_id = b.target_user_id AND later.action IN ('ban', 'unban')
                             AND (later.created_at, later.id) > (b.created_at, b.id))
        ORDER BY b.expires_at LIMIT $2`,
      [now, limit],
    );
  }

  /** Marks the ban lifted; false when another instance already did. */
  async markLifted(tx: Tx, id: string, at: Date): Promise<boolean> {
    const updated = await tx.exec(
      `UPDATE ${this.s}.moderation_actions SET lifted_at = $2 WHERE id = $1 AND lifted_at IS NULL`,
      [id, at],
    );
    return updated > 0;
  }

  /** Newest first; `before` is the last row of the previous page. */
  list(
    filter: { targetUserId?: string; before?: { created_at: string; id: string } },
    limit: number,
    q: Sql = this.db,
  ): Promise<ModerationRow[]> {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.targetUserId) {
      params.push(filter.targetUserId);
      where.push(`target_user_id = $${params.length}`);
    }
    if (filter.before) {
      params.push(filter.before.created_at, filter.before.id);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit);
    return q.many<ModerationRow>(
      `SELECT ${COLUMNS} FROM ${this.s}.moderation_actions
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
