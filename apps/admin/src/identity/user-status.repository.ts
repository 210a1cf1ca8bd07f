import { Db, Sql } from '@colink/platform';
import { Injectable } from '@nestjs/common';

export interface RestrictionRow {
  target_user_id: string;
  action: 'mute' | 'unmute' | 'ban' | 'unban';
  expires_at: Date | null;
}

/** Reads each user's latest mute/unmute and ban/unban, for the people list. */
@Injectable()
export class UserStatusRepository {
  private readonly s: string;

  constructor(private readonly db: Db) {
    this.s = db.schema;
  }

  /** The latest mute-or-unmute and the latest ban-or-unban of each of the users. */
  latestRestrictions(userIds: string[], q: Sql = this.db): Promise<RestrictionRow[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return q.many<RestrictionRow>(
      `SELECT DISTINCT ON (target_user_id, kind) target_user_id, action, expires_at
         FROM (SELECT target_user_id, action, expires_at, created_at, id,
                      CASE WHEN action IN ('mute', 'unmute') THEN 'mute' ELSE 'ban' END AS kind
                 FROM ${this.s}.moderation_actions
                WHERE target_user_id = ANY($1::uuid[])
                  AND action IN ('mute', 'unmute', 'ban', 'unban')) latest
        ORDER BY target_user_id, kind, created_at DESC, id DESC`,
      [userIds],
    );
  }
}
