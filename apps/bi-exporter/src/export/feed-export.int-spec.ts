import { BiHarness, pseudonym, uniqueDay } from '../testing/bi-harness';
import { dayOfActivity } from '../testing/scenario';

const PORT = 27008;
const CURRENT: Record<string, number> = {
  messages: 2,
  reactions: 1,
  channels: 1,
  channel_members: 1,
  users: 1,
  files: 1,
  moderation: 1,
};

describe('bi-exporter: Kafka events to Parquet feeds in S3', () => {
  const bi = new BiHarness();
  const day = uniqueDay();
  const scenario = dayOfActivity(bi, day);

  beforeAll(async () => {
    await bi.setUp();
    await bi.start(PORT);
    // The same message.created twice, as an outbox relay re-sends a batch after a crash.
    await bi.produce([...scenario.events, scenario.events.find((e) => e.type === 'message.created')!]);
    for (const [feed, rows] of Object.entries(scenario.rows))
      await bi.waitForRows(feed, CURRENT[feed], day, rows);
  }, 240_000);

  afterAll(() => bi.tearDown());

  it('commits every feed with a manifest whose counts, times and files match the Parquet read back', async () => {
    for (const [feed, rows] of Object.entries(scenario.rows)) {
      const manifest = (await bi.manifest(feed, CURRENT[feed], day))!;
      expect(manifest).toMatchObject({ feed, schema_version: CURRENT[feed], dt: day, row_count: rows });
      const files = await bi.manifestFiles(feed, CURRENT[feed], day);
      const [read] = await bi.query<{ n: number; ids: number; lo: string; hi: string }>(
        `SELECT count(*)::INTEGER n, count(DISTINCT event_id)::INTEGER ids,
           strftime(min(event_time), '%Y-%m-%dT%H:%M:%S.%gZ') lo, strftime(max(event_time), '%Y-%m-%dT%H:%M:%S.%gZ') hi
         FROM read_parquet($files)`,
        files,
      );
      expect(read).toEqual({ n: rows, ids: rows, lo: manifest.min_event_time, hi: manifest.max_event_time });
      expect(manifest.files.every((file) => /\/part-[^/]+-v\d+\.parquet$/.test(file.key))).toBe(true);
      // An Athena table or a glob reader sees exactly the committed files.
      expect((await bi.visibleFiles(feed, CURRENT[feed], day)).length).toBe(manifest.files.length);
    }
  });

  it('writes the values of each message, with the author pseudonymised', async () => {
    const files = await bi.manifestFiles('messages', 2, day);
    const rows = await bi.query<Record<string, unknown>>(
      `SELECT message_id, channel_id, seq::INTEGER seq, user_hash, is_reply, content_length, content, mentions_here
       FROM read_parquet($files) WHERE event_type = 'created' ORDER BY channel_id, seq`,
      files,
    );
    const expected = [...scenario.messages]
      .sort((a, b) => (a.channel_id === b.channel_id ? a.seq - b.seq : a.channel_id < b.channel_id ? -1 : 1))
      .map((m) => ({
        message_id: m.id,
        channel_id: m.channel_id,
        seq: m.seq,
        user_hash: pseudonym(m.user_id),
        is_reply: m.thread_root_id !== null,
        content_length: [...m.content].length,
        content: null,
        mentions_here: false,
      }));
    expect(rows).toEqual(expected);
    const [kinds] = await bi.query<{ updated: number; deleted: number }>(
      `SELECT count(*) FILTER (WHERE event_type = 'updated')::INTEGER updated,
              count(*) FILTER (WHERE event_type = 'deleted')::INTEGER deleted FROM read_parquet($files)`,
      files,
    );
    expect(kinds).toEqual({ updated: 1, deleted: 1 });
  });

  it('puts no raw user id, message text, name or email in any file, manifest or catalog', async () => {
    const keys = await bi.keys();
    const parquet = keys.filter((key) => key.endsWith('.parquet'));
    expect(parquet.length).toBeGreaterThanOrEqual(7 + 4);
    const forbidden = [...scenario.users, ...scenario.texts, ...scenario.users.map((u) => u.slice(0, 8))];
    for (const key of keys.filter((k) => k.endsWith('.json'))) {
      const body = (await bi.text(key))!;
      for (const value of forbidden) expect(body).not.toContain(value);
    }
    for (const path of await bi.download(parquet)) {
      // Every value of every column, as text, in one string per file.
      const [{ dump }] = await bi.query<{ dump: string }>(
        `SELECT string_agg(to_json(t)::VARCHAR, '|') AS dump FROM read_parquet($files) t`,
        [path],
      );
      for (const value of forbidden) expect(dump ?? '').not.toContain(value);
      expect(dump ?? '').not.toMatch(/example\.com|Person |Ben's notes|was rude/);
    }
  });

  it('computes the daily aggregates from the committed rows', async () => {
    const read = async (name: string) => {
      const rows = await bi.query<Record<string, unknown>>(
        `SELECT * EXCLUDE ("day"), strftime("day", '%Y-%m-%d') AS "day"
         FROM read_parquet($files, hive_partitioning = false)`,
        await bi.manifestFiles(name, 1, day),
      );
      // BIGINT counts come back as strings from the JSON conversion.
      return rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]),
        ),
      );
    };
    expect(await read('daily_active_users')).toEqual([
      { active_users: 3, posting_users: 3, reacting_users: 3, day },
    ]);
    const perChannel = await read('daily_messages_per_channel');
    expect(perChannel).toEqual(
      expect.arrayContaining([
        { channel_id: scenario.channels.general, messages: 6, replies: 1, deleted: 0, posting_users: 3, day },
        { channel_id: scenario.channels.secret, messages: 2, replies: 0, deleted: 1, posting_users: 1, day },
      ]),
    );
    expect(perChannel).toHaveLength(2);
    expect(await read('daily_files')).toEqual([
      { files_uploaded: 2, bytes_uploaded: 3000, files_clean: 1, files_infected: 1, day },
    ]);
    expect(await read('daily_moderation_actions')).toEqual([
      { action: 'mute', actions: 1, target_users: 1, day },
      { action: 'warn', actions: 1, target_users: 1, day },
    ]);
  });

  it('publishes a catalog of the feeds, their versions and columns', async () => {
    const catalog = JSON.parse((await bi.text(`${bi.prefix}/_catalog.json`))!) as {
      feeds: Array<{ name: string; current_version: number; versions: Array<{ version: number }> }>;
      aggregates: Array<{ name: string }>;
      message_text_included: boolean;
    };
    expect(catalog.message_text_included).toBe(false);
    expect(catalog.feeds.map((f) => [f.name, f.current_version])).toEqual(Object.entries(CURRENT));
    expect(catalog.aggregates.map((a) => a.name)).toEqual([
      'daily_active_users',
      'daily_messages_per_channel',
      'daily_files',
      'daily_moderation_actions',
    ]);
  });

  it('reports rows and files written per feed, export lag and failures on /metrics', async () => {
    const metrics = await (await fetch(BiHarness.metricsUrl(PORT))).text();
    const value = (pattern: RegExp) => Number(metrics.match(pattern)?.[1] ?? NaN);
    // At least this test's rows: the exporter also exports whatever else the shared stack produces.
    expect(value(/^colink_bi_rows_written_total\{feed="messages"\} (\d+)/m)).toBeGreaterThanOrEqual(10);
    expect(value(/^colink_bi_files_written_total\{feed="messages"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^colink_bi_duplicates_skipped_total\{feed="messages"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^colink_bi_export_lag_seconds_count\{feed="messages"\} (\d+)/m)).toBeGreaterThanOrEqual(10);
    // The test's events are dated years back: the lag sum is far over a day.
    expect(value(/^colink_bi_export_lag_seconds_sum\{feed="messages"\} ([\d.e+]+)/m)).toBeGreaterThan(86_400);
    expect(metrics).toMatch(/^# TYPE colink_bi_failures_total counter/m);
    expect(metrics).toMatch(/^colink_bi_pending_rows 0$/m);
  });
});
