import { HistoryPage, collectMissed } from './missed-messages';

/** A history of `total` items paged like the messaging route: `limit` items and a cursor while more remain. */
function history(total: number) {
  const asked: number[] = [];
  const fetchPage = async (limit: number, cursor: string | undefined): Promise<HistoryPage<number>> => {
    asked.push(limit);
    const from = cursor ? Number(cursor) : 0;
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, i) => from + i + 1);
    const next = from + items.length;
    return { items, next_cursor: next < total ? String(next) : null };
  };
  return { fetchPage, asked };
}

describe('collectMissed', () => {
  it('returns the whole history in order when it fits', async () => {
    const { fetchPage } = history(450);
    const result = await collectMissed(fetchPage, 500);
    expect(result.truncated).toBe(false);
    expect(result.items).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
  });

  it('stops at the limit and says truncated when there is more', async () => {
    const { fetchPage, asked } = history(1200);
    const result = await collectMissed(fetchPage, 500);
    expect(result.truncated).toBe(true);
    expect(result.items).toHaveLength(500);
    expect(result.items[499]).toBe(500);
    expect(asked).toEqual([200, 200, 101]);
  });

  it('is not truncated when the history is exactly the limit', async () => {
    const result = await collectMissed(history(500).fetchPage, 500);
    expect(result).toMatchObject({ truncated: false });
    expect(result.items).toHaveLength(500);
  });

  it('answers an empty history with nothing', async () => {
    expect(await collectMissed(history(0).fetchPage, 500)).toEqual({ items: [], truncated: false });
  });
});
