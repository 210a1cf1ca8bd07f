import type { ModerationActionView } from '@colink/contracts';
import { useSyncExternalStore } from 'react';

/** A mute of the person using the app: until when (null = until a moderator unmutes them). */
export interface MyMute {
  until: string | null;
  reason: string | null;
}

export interface MyWarning {
  id: string;
  reason: string;
  at: string;
}

interface State {
  mute: MyMute | null;
  warnings: MyWarning[];
  banned: boolean;
}

const EMPTY: State = { mute: null, warnings: [], banned: false };

/**
 * What moderators did to the person using the app, as they learn it: the socket's `moderation.action`
 * to their own room (live), or a post refused as `muted` (after a reload, the first refusal names the
 * end). Not kept across reloads: an unmute missed meanwhile must not leave a stale mute behind. A
 * mute with an end clears itself then.
 */
class MyModeration {
  private state: State = EMPTY;
  private owner: string | null = null;
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): State => this.state;

  /** A different person signed in here: nothing of the previous one's state is kept. */
  signedIn(userId: string): void {
    if (this.owner === userId) return;
    // What arrived before the person was known is theirs (events come to their own room).
    if (this.owner !== null) this.set(EMPTY);
    this.owner = userId;
  }

  /** A moderation action whose target is this person. */
  apply(action: ModerationActionView): void {
    switch (action.action) {
      case 'mute':
        return this.set({ ...this.state, mute: { until: action.expires_at, reason: action.reason } });
      case 'unmute':
        return this.set({ ...this.state, mute: null });
      case 'warn':
        if (this.state.warnings.some((w) => w.id === action.id)) return;
        return this.set({
          ...this.state,
          warnings: [...this.state.warnings, { id: action.id, reason: action.reason, at: action.created_at }],
        });
      case 'ban':
        return this.set({ ...this.state, banned: true });
      case 'kick': // the channel's own member_removed event moves the person out
      case 'unban': // a banned person is signed out and hears nothing more
        return;
    }
  }

  /** A post refused with `muted`: its detail names the end ("... until <ISO time>."). */
  refusedAsMuted(detail: string | undefined): void {
    const until = detail?.match(/until (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/)?.[1] ?? null;
    if (this.state.mute && this.state.mute.until === until) return;
    this.set({ ...this.state, mute: { until, reason: this.state.mute?.reason ?? null } });
  }

  dismissWarning(id: string): void {
    this.set({ ...this.state, warnings: this.state.warnings.filter((w) => w.id !== id) });
  }

  private set(next: State): void {
    // A mute that is over is no mute.
    if (next.mute?.until && Date.parse(next.mute.until) <= Date.now()) next = { ...next, mute: null };
    this.state = next;
    clearTimeout(this.timer);
    if (next.mute?.until) {
      const left = Date.parse(next.mute.until) - Date.now();
      this.timer = setTimeout(() => this.set({ ...this.state }), Math.min(left + 50, 2 ** 31 - 1));
    }
    this.listeners.forEach((listener) => listener());
  }
}

export const myModeration = new MyModeration();

export function useMyModeration(): State {
  return useSyncExternalStore(myModeration.subscribe, myModeration.snapshot);
}

/** "until 14:05" today, "until Mon 3 Mar, 14:05" later, "until a moderator unmutes you" without an end. */
export function untilText(until: string | null): string {
  if (!until) return 'until a moderator unmutes you';
  const date = new Date(until);
  const sameDay = date.toDateString() === new Date().toDateString();
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return sameDay
    ? `until ${time}`
    : `until ${date.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })}, ${time}`;
}
