export interface HistoryPage<T> {
  items: T[];
  next_cursor: string | null;
}

export type FetchHistoryPage<T> = (limit: number, cursor: string | undefined) => Promise<HistoryPage<T>>;

/**
 * Pages forward through a channel's history until `max` items are collected or the history ends.
 * One item past `max` is asked for, so `truncated` means there really is more.
 */
export async function collectMissed<T>(
  fetchPage: FetchHistoryPage<T>,
  max: number,
  pageLimit = 200,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(Math.min(pageLimit, max + 1 - items.length), cursor);
    items.push(...page.items);
    if (items.length > max) return { items: items.slice(0, max), truncated: true };
    if (!page.next_cursor || page.items.length === 0) return { items, truncated: false };
    cursor = page.next_cursor;
  }
}
