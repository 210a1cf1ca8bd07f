import { PresenceStatusSchema } from '@colink/contracts';
import { z } from 'zod';

export type PresenceStatus = z.infer<typeof PresenceStatusSchema>;

/** An effective status that changed in Redis and must be announced on `presence.updated`. */
export interface PresenceChange {
  userId: string;
  status: PresenceStatus;
  /** What it was before: restored if the event cannot be published. */
  previous: PresenceStatus | null;
  lastSeenMs: number | null;
}

/** A user's stored presence, as read back. */
export interface PresenceRecord {
  userId: string;
  chosen: PresenceStatus | null;
  heartbeatMs: number | null;
  lastSeenMs: number | null;
}
