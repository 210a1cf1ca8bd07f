import { PresenceStatus } from './presence.types';

/**
 * The status others see: the user's chosen one (default `online`) while their last heartbeat is
 * within the TTL, else `offline`. Choosing `offline` means appearing offline.
 */
export function effectiveStatus(
  chosen: PresenceStatus | null,
  liveUntilMs: number | null,
  nowMs: number,
): PresenceStatus {
  if (liveUntilMs === null || liveUntilMs < nowMs) return 'offline';
  return chosen ?? 'online';
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}
