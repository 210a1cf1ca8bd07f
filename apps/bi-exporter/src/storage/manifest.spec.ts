import { FeedLayout } from './layout';
import { Manifest, withFiles } from './manifest';

const empty: Manifest = {
  feed: 'messages',
  schema_version: 2,
  dt: '2026-12-01',
  kind: 'feed',
  columns: [],
  row_count: 0,
  min_event_time: null,
  max_event_time: null,
  files: [],
  updated_at: '1970-01-01T00:00:00.000Z',
};

const file = (key: string, rows: number, min: string, max: string) => ({
  key,
  rows,
  bytes: 100,
  min_event_time: min,
  max_event_time: max,
  committed_at: '2026-12-01T12:00:00.000Z',
});

describe('manifest', () => {
  it('adds files and recomputes the totals and the event-time range', () => {
    const now = new Date('2026-12-01T12:00:00.000Z');
    const one = withFiles(empty, [file('a', 3, '2026-12-01T10:00:00.000Z', '2026-12-01T11:00:00.000Z')], now);
    const two = withFiles(one, [file('b', 2, '2026-12-01T09:00:00.000Z', '2026-12-01T10:30:00.000Z')], now);
    expect(two).toMatchObject({
      row_count: 5,
      min_event_time: '2026-12-01T09:00:00.000Z',
      max_event_time: '2026-12-01T11:00:00.000Z',
      updated_at: now.toISOString(),
    });
    expect(two.files.map((f) => f.key)).toEqual(['a', 'b']);
    // Committing the same file again (recovery) does not count it twice.
    expect(
      withFiles(two, [file('b', 2, '2026-12-01T09:00:00.000Z', '2026-12-01T10:30:00.000Z')], now).row_count,
    ).toBe(5);
  });
});

describe('feed layout', () => {
  const layout = new FeedLayout('analytics/bi');

  it('puts each version of a feed in its own folder and staging outside every feed', () => {
    const key = layout.partKey('messages', 2, '2026-12-01', '20261201T120000000Z-abc123');
    expect(key).toBe('analytics/bi/messages/v2/dt=2026-12-01/part-20261201T120000000Z-abc123-v2.parquet');
    expect(layout.manifestKey('messages', 2, '2026-12-01')).toBe(
      'analytics/bi/messages/v2/dt=2026-12-01/_manifest.json',
    );
    const staging = layout.stagingKey(key);
    expect(staging.startsWith('analytics/bi/_staging/messages/v2/')).toBe(true);
    expect(layout.finalKeyOfStaging(staging)).toBe(key);
    expect(layout.parse(key)).toEqual({ feed: 'messages', version: 2, day: '2026-12-01' });
  });
});
