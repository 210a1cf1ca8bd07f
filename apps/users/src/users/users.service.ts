import { Topics, UpdateMe, UserProfile } from '@colink/contracts';
import { Identity, Outbox, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { decodeDirectoryCursor, encodeDirectoryCursor, toProfile, toUserEvent } from './user.mapper';
import { UsersErrorCode, usersError } from './users.errors';
import { UserRow, UsersRepository } from './users.repository';

/** The realm roles CoLink knows; Keycloak's own (offline_access, default-roles-…) are not kept. */
const COLINK_ROLES = new Set(['admin', 'moderator', 'member']);

function claimsOf(identity: Identity) {
  return {
    id: identity.sub,
    username: identity.username,
    email: identity.email,
    displayName: identity.name?.trim() || identity.username,
    roles: identity.roles.filter((role) => COLINK_ROLES.has(role)).sort(),
  };
}

function sameRoles(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().every((role, i) => role === [...b].sort()[i]);
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Makes the caller a CoLink user on their first request, from their token. Concurrent first
   * requests race on one insert: exactly one creates the user and emits `user.created`. Later calls
   * bring username, email and roles in line with the token and emit `user.updated` when they change.
   */
  async provision(identity: Identity): Promise<UserProfile> {
    const claims = claimsOf(identity);
    const existing = await this.users.findById(claims.id);
    if (
      existing &&
      existing.username === claims.username &&
      existing.email === claims.email &&
      sameRoles(existing.roles, claims.roles)
    ) {
      return toProfile(existing);
    }
    const user = await this.users.transaction(async (tx) => {
      const created = await this.users.insertIfAbsent(tx, claims);
      if (created) {
        await this.outbox.enqueue(tx, Topics.UserCreated, toUserEvent(created), { actorId: created.id });
        await this.audit(tx, created, 'user.provisioned', {
          username: created.username,
          roles: created.roles,
        });
        return created;
      }
      const current = (await this.users.lockById(tx, claims.id))!;
      const rolesChanged = !sameRoles(current.roles, claims.roles);
      if (current.username === claims.username && current.email === claims.email && !rolesChanged)
        return current;
      const before = [...current.roles];
      const saved = await this.users.update(tx, current.id, {
        username: claims.username,
        email: claims.email,
        roles: claims.roles,
      });
      await this.outbox.enqueue(tx, Topics.UserUpdated, toUserEvent(saved), { actorId: saved.id });
      if (rolesChanged) await this.audit(tx, saved, 'user.roles_synced', { before, after: saved.roles });
      return saved;
    });
    return toProfile(user);
  }

  async updateMe(identity: Identity, patch: UpdateMe): Promise<UserProfile> {
    await this.provision(identity);
    const user = await this.users.transaction(async (tx) => {
      await this.users.lockById(tx, identity.sub);
      const saved = await this.users.update(tx, identity.sub, {
        displayName: patch.display_name,
        statusText: patch.status_text === undefined ? undefined : patch.status_text || null,
        statusEmoji: patch.status_emoji,
        statusExpiry:
          patch.status_expiry === undefined
            ? undefined
            : patch.status_expiry
              ? new Date(patch.status_expiry)
              : null,
      });
      await this.outbox.enqueue(tx, Topics.UserUpdated, toUserEvent(saved), { actorId: saved.id });
      return saved;
    });
    return toProfile(user);
  }

  async getById(id: string): Promise<UserProfile> {
    const user = await this.users.findById(id);
    if (!user) throw usersError(UsersErrorCode.UserNotFound);
    return toProfile(user);
  }

  async directory(
    query: string | undefined,
    limit: number,
    cursor: string | undefined,
  ): Promise<{ items: UserProfile[]; next_cursor: string | null }> {
    const offset = cursor === undefined ? 0 : decodeDirectoryCursor(cursor);
    if (offset === null) throw usersError(UsersErrorCode.BadCursor);
    const page = await this.users.directory(query || undefined, offset, limit);
    return {
      items: page.users.map((user) => toProfile(user)),
      next_cursor: page.hasMore ? encodeDirectoryCursor(offset + limit) : null,
    };
  }

  private async audit(
    tx: Tx,
    user: UserRow,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.outbox.enqueue(
      tx,
      Topics.AuditRecorded,
      {
        id: randomUUID(),
        actor_id: user.id,
        action,
        resource_type: 'user',
        resource_id: user.id,
        details,
        occurred_at: new Date().toISOString(),
      },
      { actorId: user.id },
    );
  }
}
