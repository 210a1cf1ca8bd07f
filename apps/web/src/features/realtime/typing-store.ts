import { useSyncExternalStore } from 'react';

interface Typist {
  userId: string;
  username: string;
  until: number;
}

/** Who is typing where: short-lived client state, not server state, so it lives outside the cache. */
class TypingStore {
  private byChannel = new Map<string, Typist[]>();
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot(channelId: string): Typist[] {
    return this.byChannel.get(channelId) ?? EMPTY;
  }

  typing(channelId: string, userId: string, username: string, until: number): void {
    const others = (this.byChannel.get(channelId) ?? []).filter((t) => t.userId !== userId);
    this.byChannel.set(channelId, [...others, { userId, username, until }]);
    this.changed();
  }

  /** A message from someone ends their typing at once. */
  stopped(channelId: string, userId: string): void {
    const list = this.byChannel.get(channelId);
    if (!list?.some((t) => t.userId === userId)) return;
    this.byChannel.set(
      channelId,
      list.filter((t) => t.userId !== userId),
    );
    this.changed();
  }

  private changed(): void {
    const now = Date.now();
    let next = Infinity;
    for (const [channelId, list] of this.byChannel) {
      const live = list.filter((t) => t.until > now);
      if (live.length !== list.length) this.byChannel.set(channelId, live);
      for (const t of live) next = Math.min(next, t.until);
    }
    clearTimeout(this.timer);
    if (next !== Infinity) this.timer = setTimeout(() => this.changed(), next - now + 10);
    this.listeners.forEach((listener) => listener());
  }
}

const EMPTY: Typist[] = [];
export const typingStore = new TypingStore();

export function useTypists(channelId: string): Typist[] {
  return useSyncExternalStore(typingStore.subscribe, () => typingStore.snapshot(channelId));
}

/** "Ann is typing…", "Ann and Bo are typing…", "Several people are typing…" */
export function typingLine(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}
