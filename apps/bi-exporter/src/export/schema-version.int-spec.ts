import { Topics } from '@colink/contracts';
import { waitFor } from '@colink/testing';
import { BiHarness, at, uniqueDay } from '../testing/bi-harness';
import { dayOfActivity } from '../testing/scenario';

const PORT = 27028;

/**
 * A schema change is a new feed version in a folder of its own: days written as v1 stay v1 and
 * readable as they were, while the same feed continues as v2 (here: with `@here`/`@channel` flags).
 */
describe('bi-exporter: a feed schema version bump', () => {
  const bi = new BiHarness();
  const oldDay = uniqueDay();
  const newDay = uniqueDay();
  const before = dayOfActivity(bi, oldDay);
  const after = dayOfActivity(bi, newDay);

  beforeAll(async () => {
    await bi.setUp();
    // Held at v1, as during a migration of the readers; then upgraded to the current v2.
    await bi.start(PORT, { BI_FEED_VERSIONS: 'messages=1' });
    await bi.produce(before.events);
    await bi.waitForRows('messages', 1, oldDay, 10);
    await bi.stop();
    await bi.start(PORT, { BI_INCLUDE_MESSAGE_TEXT: 'true' });
    const late = bi.event(
      Topics.MessageCreated,
      {
        ...before.messages[0],
        id: before.messages[0].id.replace(/^.{8}/, 'aaaaaaaa'),
        seq: 7,
        mentions_here: true,
      },
      at(oldDay, 23),
      before.users[0],
    );
    await bi.produce([...after.events, late]);
    await bi.waitForRows('messages', 2, newDay, 10);
    await bi.waitForRows('messages', 2, oldDay, 1);
  }, 300_000);

  afterAll(() => bi.tearDown());

  it('keeps the old day readable as v1 with its own columns, and writes new days as v2', async () => {
    const v1 = await bi.manifest('messages', 1, oldDay);
    const v2 = await bi.manifest('messages', 2, newDay);
    expect(v1).toMatchObject({ schema_version: 1, row_count: 10 });
    expect(v2).toMatchObject({ schema_version: 2, row_count: 10 });
    expect(v1!.columns.map((c) => c.name)).not.toContain('mentions_here');
    expect(v2!.columns.map((c) => c.name)).toContain('mentions_here');
    const oldFiles = await bi.manifestFiles('messages', 1, oldDay);
    const [old] = await bi.query<{ n: number; columns: number }>(
      `SELECT count(*)::INTEGER n, (SELECT count(*)::INTEGER FROM (DESCRIBE SELECT * FROM read_parquet($files, hive_partitioning = false))) AS "columns"
       FROM read_parquet($files)`,
      oldFiles,
    );
    expect(old).toEqual({ n: 10, columns: v1!.columns.length });
  });

  it('reads both versions together by column name, the old rows with null for the new columns', async () => {
    const files = [
      ...(await bi.manifestFiles('messages', 1, oldDay)),
      ...(await bi.manifestFiles('messages', 2, oldDay)),
      ...(await bi.manifestFiles('messages', 2, newDay)),
    ];
    const rows = await bi.query<{ version: string; n: number; here: number; with_text: number }>(
      `SELECT regexp_extract(filename, '/(v\\d+)/', 1) AS "version", count(*)::INTEGER n,
         count(*) FILTER (WHERE mentions_here)::INTEGER here, count(content)::INTEGER with_text
       FROM read_parquet($files, union_by_name = true, filename = true) GROUP BY 1 ORDER BY 1`,
      files,
    );
    // Text was enabled only for the v2 run: v1 rows have none; every v2 post and edit carries it.
    expect(rows).toEqual([
      { version: 'v1', n: 10, here: 0, with_text: 0 },
      { version: 'v2', n: 11, here: 1, with_text: 10 },
    ]);
  });

  it('counts a day split across versions once in its aggregates', async () => {
    // 8 posts written as v1 and 1 late post written as v2 on the same day; the aggregate follows the commit.
    let messages = 0;
    await waitFor('the old day aggregate to count the late post', async () => {
      const [row] = await bi.query<{ messages: number }>(
        'SELECT sum(messages)::INTEGER messages FROM read_parquet($files)',
        await bi.manifestFiles('daily_messages_per_channel', 1, oldDay),
      );
      messages = row.messages;
      return messages === 9;
    });
    expect(messages).toBe(9);
  });

  it('lists both versions of the feed in the catalog, v2 current', async () => {
    const catalog = JSON.parse((await bi.text(`${bi.prefix}/_catalog.json`))!) as {
      feeds: Array<{
        name: string;
        current_version: number;
        versions: Array<{ version: number; prefix: string }>;
      }>;
    };
    const messages = catalog.feeds.find((f) => f.name === 'messages')!;
    expect(messages.current_version).toBe(2);
    expect(messages.versions.map((v) => v.prefix)).toEqual([
      `${bi.prefix}/messages/v1/`,
      `${bi.prefix}/messages/v2/`,
    ]);
  });
});
