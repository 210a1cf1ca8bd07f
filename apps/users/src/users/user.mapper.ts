import { PayloadOf, UserProfile } from '@colink/contracts';
import { decodeCursor, encodeCursor } from '@colink/platform';
import { z } from 'zod';
import { UserRow } from './users.repository';

/** An expired status reads as no status, without waiting for a sweeper. */
export function toProfile(user: UserRow, now = new Date()): UserProfile {
  const expired = user.statusExpiry !== null && user.statusExpiry <= now;
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    display_name: user.displayName,
    avatar_url: user.avatarUrl,
    roles: [...user.roles].sort(),
    status_text: expired ? null : user.statusText,
    status_emoji: expired ? null : user.statusEmoji,
    status_expiry: expired ? null : (user.statusExpiry?.toISOString() ?? null),
    created_at: user.createdAt.toISOString(),
  };
}

export function toUserEvent(user: UserRow): PayloadOf<'user.created'> {
  const profile = toProfile(user);
  return {
    id: profile.id,
    username: profile.username,
    email: profile.email,
    display_name: profile.display_name,
    roles: profile.roles,
    status_text: profile.status_text,
    status_emoji: profile.status_emoji,
    status_expiry: profile.status_expiry,
    created_at: profile.created_at,
  };
}

const OffsetKey = z.strictObject({ offset: z.int().min(0).max(1_000_000) });

/** Directory pages rank by relevance, so their cursor carries an offset (opaque to clients). */
export function encodeDirectoryCursor(offset: number): string {
  return encodeCursor({ offset });
}

export function decodeDirectoryCursor(cursor: string): number | null {
  return decodeCursor(cursor, OffsetKey)?.offset ?? null;
}
