import { PayloadOf, UserProfile } from '@colink/contracts';
import { UserEntity } from './user.entity';

/** An expired status reads as no status, without waiting for a sweeper. */
export function toProfile(user: UserEntity, now = new Date()): UserProfile {
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

export function toUserEvent(user: UserEntity): PayloadOf<'user.created'> {
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

/** Page cursors are opaque to clients: a base64url offset with a version prefix. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`v1:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number | null {
  const match = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .match(/^v1:(\d{1,9})$/);
  return match ? Number(match[1]) : null;
}
