import type { UserProfile } from '@colink/contracts';
import { PresenceStatus } from '../../presence/api';
import { PresenceDot } from '../../presence/components/presence-dot';
import { displayName } from '../api';

const HUES = [210, 160, 280, 20, 340, 45, 190, 120];

function hueOf(id: string): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return HUES[Math.abs(hash) % HUES.length];
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/** Initials on a colour of the person's own (no image fetched, so nothing outside the CSP). */
export function Avatar({
  user,
  userId,
  size = 36,
  presence,
}: {
  user: UserProfile | undefined;
  userId: string;
  size?: number;
  presence?: PresenceStatus | null;
}) {
  const name = displayName(user, '?');
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ width: size, height: size, fontSize: size * 0.4, background: `hsl(${hueOf(userId)} 50% 32%)` }}
    >
      {initials(name)}
      {presence !== undefined && <PresenceDot status={presence} />}
    </span>
  );
}
