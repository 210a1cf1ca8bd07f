import { waitFor } from '@colink/testing';
import { BiHarness, uniqueDay } from '../testing/bi-harness';
import { dayOfActivity } from '../testing/scenario';

/**
 * Two exporters on one prefix and one consumer group (two replicas, or a rolling deploy): each
 * commits a day's manifest only if the other has not rewritten it since it was read, so neither
 * loses the other's files nor writes the same event twice.
 */
describe('bi-exporter: two writers on one prefix', () => {
  const bi = new BiHarness();
  const day = uniqueDay();
  const first = dayOfActivity(bi, day);
  const second = dayOfActivity(bi, day);
  const version = (feed: string) => (feed === 'messages' ? 2 : 1);

  beforeAll(async () => {
    await bi.setUp();
    const env = { BI_STAGING_GRACE_MS: '600000', BI_FLUSH_INTERVAL_MS: '200' };
    await Promise.all([bi.start(27038, env), bi.start(27039, env)]);
    await bi.produce(first.events);
    await bi.produce(second.events);
  }, 240_000);

  afterAll(() => bi.tearDown());

  it('ends with every event exactly once in the manifests and in the visible files', async () => {
    for (const [feed, rows] of Object.entries(first.rows)) {
      await bi.waitForRows(feed, version(feed), day, rows * 2);
      const manifest = (await bi.manifest(feed, version(feed), day))!;
      expect({ feed, rows: manifest.row_count }).toEqual({ feed, rows: rows * 2 });
      let visible: string[] = [];
      // A file appears at its key right after its manifest lists it.
      await waitFor(`${feed}: every listed file visible`, async () => {
        visible = await bi.visibleFiles(feed, version(feed), day);
        return visible.length === manifest.files.length;
      });
      const [read] = await bi.query<{ n: number; ids: number }>(
        'SELECT count(*)::INTEGER n, count(DISTINCT event_id)::INTEGER ids FROM read_parquet($files)',
        visible,
      );
      expect({ feed, ...read }).toEqual({ feed, n: rows * 2, ids: rows * 2 });
    }
  }, 240_000);
});
