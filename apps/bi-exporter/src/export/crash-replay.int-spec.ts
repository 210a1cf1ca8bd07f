import { waitFor } from '@colink/testing';
import { BiHarness, uniqueDay } from '../testing/bi-harness';
import { dayOfActivity } from '../testing/scenario';

const PORT = 27018;

/**
 * Exactly once across crashes: the exporter is killed at each point of a commit in turn, restarted,
 * and replays from the offsets Kafka last committed for it. Every feed ends with each event once.
 */
describe('bi-exporter: crash mid-batch and replay', () => {
  const bi = new BiHarness();
  const day = uniqueDay();
  const first = dayOfActivity(bi, day);
  const second = dayOfActivity(bi, day);

  let start = 0;

  beforeAll(async () => {
    await bi.setUp();
    start = (await bi.offsets('user.created')).committed;
  }, 60_000);
  afterAll(() => bi.tearDown());

  const manifests = async () => {
    const counts: Record<string, number> = {};
    for (const feed of Object.keys(first.rows))
      counts[feed] = (await bi.manifest(feed, feed === 'messages' ? 2 : 1, day))?.row_count ?? 0;
    return counts;
  };

  it('killed after staging files, before the manifest: nothing is visible, the files wait in _staging', async () => {
    const service = bi.launch(PORT, { BI_FAULT: 'crash-before-manifest' });
    await bi.produce(first.events);
    expect(await service.exited()).toBeNull(); // killed by a signal
    expect((await bi.keys('_staging/')).length).toBeGreaterThan(0);
    // Nothing committed, so no offset either: the group is where it started, before these events.
    expect((await bi.offsets('user.created')).committed).toBe(start);
    expect(
      (await bi.keys()).filter((key) => !key.includes('/_staging/') && !key.endsWith('_catalog.json')),
    ).toEqual([]);
  }, 200_000);

  it('killed after a manifest, before the copy to its final key: the restart completes that commit', async () => {
    const service = bi.launch(PORT, { BI_FAULT: 'crash-before-copy' });
    expect(await service.exited()).toBeNull();
    const committed = Object.values(await manifests()).reduce((a, b) => a + b, 0);
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(Object.values(first.rows).reduce((a, b) => a + b, 0));
  }, 200_000);

  it('killed after every manifest, before Kafka offsets are committed: the replay adds nothing twice', async () => {
    const service = bi.launch(PORT, { BI_FAULT: 'crash-before-offset-commit' });
    await bi.produce(second.events);
    expect(await service.exited()).toBeNull();
  }, 200_000);

  it('after a clean restart, every feed holds each event exactly once, in the manifest and in the files', async () => {
    await bi.start(PORT);
    // Replays the events Kafka still has uncommitted for the group; they are all committed already.
    for (const [feed, rows] of Object.entries(first.rows))
      await bi.waitForRows(feed, feed === 'messages' ? 2 : 1, day, rows * 2);
    await bi.produce([first.events[0]]); // one more replay, of an event long committed
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const expected = Object.fromEntries(Object.entries(first.rows).map(([feed, rows]) => [feed, rows * 2]));
    expect(await manifests()).toEqual(expected);
    for (const [feed, rows] of Object.entries(expected)) {
      const version = feed === 'messages' ? 2 : 1;
      const visible = await bi.visibleFiles(feed, version, day);
      const [read] = await bi.query<{ n: number; ids: number }>(
        'SELECT count(*)::INTEGER n, count(DISTINCT event_id)::INTEGER ids FROM read_parquet($files)',
        visible,
      );
      expect({ feed, ...read }).toEqual({ feed, n: rows, ids: rows });
    }
    expect(await bi.keys('_staging/')).toEqual([]);
    // Offsets are committed once the rows are: at the end of every exported topic.
    const { end } = await bi.offsets('message.created');
    await waitFor('the group to commit its offsets past every event', async () => {
      return (await bi.offsets('message.created')).committed >= end;
    });
    const [{ messages }] = await bi.query<{ messages: number }>(
      `SELECT sum(messages)::INTEGER messages FROM read_parquet($files)`,
      await bi.manifestFiles('daily_messages_per_channel', 1, day),
    );
    expect(messages).toBe(16);
    const metrics = await (await fetch(BiHarness.metricsUrl(PORT))).text();
    expect(
      Number(metrics.match(/^colink_bi_duplicates_skipped_total\{feed="users"\} (\d+)/m)?.[1]),
    ).toBeGreaterThan(0);
  }, 240_000);
});
