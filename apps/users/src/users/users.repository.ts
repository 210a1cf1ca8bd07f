import { Db, Sql, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';

/** A CoLink user. The id is the Keycloak subject, so every service can name a user from its token. */
export interface UserRow {
  id: string;
  username: string;
  email: string | null;
  displayName: string;
  avatarUrl: string | null;
  roles: string[];
  statusText: string | null;
  statusEmoji: string | null;
  statusExpiry: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProvisionClaims {
  id: string;
  username: string;
  email: string | null;
  displayName: string;
  roles: string[];
}

/** What a profile update may change; unset fields keep their value. */
export interface UserPatch {
  username?: string;
  email?: string | null;
  roles?: string[];
  displayName?: string;
  statusText?: string | null;
  statusEmoji?: string | null;
  statusExpiry?: Date | null;
}

export interface DirectoryPage {
  users: UserRow[];
  hasMore: boolean;
}

const COLUMNS = `id, username, email, display_name AS "displayName", avatar_url AS "avatarUrl", roles,
  status_text AS "statusText", status_emoji AS "statusEmoji", status_expiry AS "statusExpiry",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The only place that reads or writes the users schema. */
@Injectable()
export class UsersRepository {
  private readonly users: string;

  constructor(private readonly db: Db) {
    this.users = `${db.schema}.users`;
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  findById(id: string, q: Sql = this.db): Promise<UserRow | null> {
    return q.one<UserRow>(`SELECT ${COLUMNS} FROM ${this.users} WHERE id = $1`, [id]);
  }

  /** Inserts the user unless they exist; the row when this call created them (so exactly one caller emits user.created). */
  insertIfAbsent(tx: Tx, claims: ProvisionClaims): Promise<UserRow | null> {
    return tx.one<UserRow>(
      `INSERT INTO ${this.users} (id, username, email, display_name, roles) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [claims.id, claims.username, claims.email, claims.displayName, claims.roles],
    );
  }

  /** Locks the row for an update in this transaction. */
  lockById(tx: Tx, id: string): Promise<UserRow | null> {
    return tx.one<UserRow>(`SELECT ${COLUMNS} FROM ${this.users} WHERE id = $1 FOR UPDATE`, [id]);
  }

  async update(tx: Tx, id: string, patch: UserPatch): Promise<UserRow> {
    const has = (field: keyof UserPatch) => patch[field] !== undefined;
    const row = await tx.one<UserRow>(
      `UPDATE ${this.users} SET
         username = CASE WHEN $2 THEN $3 ELSE username END,
         email = CASE WHEN $4 THEN $5 ELSE email END,
         roles = CASE WHEN $6 THEN $7::text[] ELSE roles END,
         display_name = CASE WHEN $8 THEN $9 ELSE display_name END,
         status_text = CASE WHEN $10 THEN $11 ELSE status_text END,
         status_emoji = CASE WHEN $12 THEN $13 ELSE status_emoji END,
         status_expiry = CASE WHEN $14 THEN $15::timestamptz ELSE status_expiry END,
         updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        has('username'),
        patch.username ?? null,
        has('email'),
        patch.email ?? null,
        has('roles'),
        patch.roles ?? null,
        has('displayName'),
        patch.displayName ?? null,
        has('statusText'),
        patch.statusText ?? null,
        has('statusEmoji'),
        patch.statusEmoji ?? null,
        has('statusExpiry'),
        patch.statusExpiry ?? null,
      ],
    );
    if (!row) throw new Error(`user ${id} vanished inside its update`);
    return row;
  }

  /** Without a query: by username. With one: prefix matches first, then trigram similarity. */
  async directory(query: string | undefined, offset: number, limit: number): Promise<DirectoryPage> {
    let users: UserRow[];
    if (query) {
      const q = query.toLowerCase();
      const prefix = `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      users = await this.db.many<UserRow>(
        `SELECT ${COLUMNS} FROM ${this.users} u
          WHERE lower(u.username) LIKE $1 OR lower(u.display_name) LIKE $1
             OR lower(u.username) % $2 OR lower(u.display_name) % $2
             OR word_similarity($2, lower(u.display_name)) > 0.4
          ORDER BY CASE WHEN lower(u.username) LIKE $1 OR lower(u.display_name) LIKE $1 THEN 0 ELSE 1 END,
                   GREATEST(similarity(lower(u.username), $2), similarity(lower(u.display_name), $2)) DESC,
                   u.username, u.id
          OFFSET $3 LIMIT $4`,
        [prefix, q, offset, limit + 1],
      );
    } else {
      users = await this.db.many<UserRow>(
        `SELECT ${COLUMNS} FROM ${this.users} u ORDER BY u.username, u.id OFFSET $1 LIMIT $2`,
        [offset, limit + 1],
      );
    }
    return { users: users.slice(0, limit), hasMore: users.length > limit };
  }
}
