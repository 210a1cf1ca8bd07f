import { AdminUserView, AdminUsersQuery, Page } from '@colink/contracts';
import { decodeCursor, encodeCursor } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AdminErrorCode, adminError } from '../common/admin.errors';
import { KeycloakAdminClient, KeycloakUser } from './keycloak-admin.client';
import { UserStatusRepository } from './user-status.repository';

/** The cursor names the next offset in the identity provider's list, for the same search. */
const CursorSchema = z.object({ first: z.int().nonnegative().max(100_000), q: z.string().max(100) });

@Injectable()
export class UsersService {
  constructor(
    private readonly keycloak: KeycloakAdminClient,
    private readonly status: UserStatusRepository,
  ) {}

  /** A page of people (identity provider order) with their roles, and whether muted or banned. */
  async list(query: AdminUsersQuery): Promise<Page<AdminUserView>> {
    const search = query.query || undefined;
    let first = 0;
    if (query.cursor) {
      const key = decodeCursor(query.cursor, CursorSchema);
      if (!key || key.q !== (search ?? '')) throw adminError(AdminErrorCode.BadCursor);
      first = key.first;
    }
    const [users, admins, moderators] = await Promise.all([
      this.keycloak.listUsers(search, first, query.limit + 1),
      this.keycloak.roleMemberIds('admin'),
      this.keycloak.roleMemberIds('moderator'),
    ]);
    // Service accounts are not people.
    const people = users.slice(0, query.limit).filter((u) => !u.username.startsWith('service-account-'));
    const restrictions = await this.status.latestRestrictions(people.map((u) => u.id));
    const now = Date.now();
    const active = (action: string, expires: Date | null) =>
      (action === 'mute' || action === 'ban') && (!expires || expires.getTime() > now);
    const items = people.map((user): AdminUserView => {
      const mine = restrictions.filter((r) => r.target_user_id === user.id);
      const mute = mine.find(
        (r) => (r.action === 'mute' || r.action === 'unmute') && active(r.action, r.expires_at),
      );
      const ban = mine.find(
        (r) => (r.action === 'ban' || r.action === 'unban') && active(r.action, r.expires_at),
      );
      const roles = [
        ...(admins.has(user.id) ? (['admin'] as const) : []),
        ...(moderators.has(user.id) ? (['moderator'] as const) : []),
        'member' as const,
      ];
      return {
        id: user.id,
        username: user.username,
        email: user.email ?? null,
        name: displayName(user),
        enabled: user.enabled,
        roles,
        status: !user.enabled ? 'banned' : mute ? 'muted' : 'active',
        muted_until: mute?.expires_at?.toISOString() ?? null,
        banned_until: !user.enabled ? (ban?.expires_at?.toISOString() ?? null) : null,
      };
    });
    return {
      items,
      next_cursor:
        users.length > query.limit ? encodeCursor({ first: first + query.limit, q: search ?? '' }) : null,
    };
  }
}

function displayName(user: KeycloakUser): string | null {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ').trim();
  return name || null;
}
