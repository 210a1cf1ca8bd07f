import { SearchPlan, fileSearchBody, messageSearchBody, pickHighlights } from './query-builder';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test JSON
type Body = any;

const plan: SearchPlan = {
  words: ['deploy'],
  phrases: ['rolling restart'],
  readableChannels: ['c1', 'c2'],
  hasFile: false,
  limit: 20,
  originMs: 1_700_000_000_000,
};

describe('search bodies', () => {
  it('filters on the caller’s channels inside the query, with the text as a scored clause', () => {
    const body = messageSearchBody(plan) as Body;
    const bool = body.query.function_score.query.bool;
    expect(bool.filter).toContainEqual({ terms: { channel_id: ['c1', 'c2'] } });
    expect(bool.filter).toContainEqual({ term: { deleted: false } });
    expect(bool.must[0].multi_match).toMatchObject({ query: 'deploy', operator: 'and' });
    expect(bool.must[1]).toEqual({ match_phrase: { 'content.exact': 'rolling restart' } });
    expect(body.size).toBe(21);
    expect(body.track_total_hits).toBe(true);
    expect(body.highlight.encoder).toBe('html');
  });

  it('turns modifiers into filters: channels, authors, dates (exclusive days) and files', () => {
    const body = messageSearchBody({
      ...plan,
      words: [],
      phrases: [],
      channelIds: ['c2'],
      userIds: ['u1'],
      before: '2025-02-01',
      after: '2025-01-01',
      hasFile: true,
    }) as Body;
    const filter = body.query.bool.filter;
    expect(filter).toContainEqual({ terms: { channel_id: ['c2'] } });
    expect(filter).toContainEqual({ terms: { user_id: ['u1'] } });
    expect(filter).toContainEqual({
      range: { created_at: { lt: '2025-02-01T00:00:00.000Z', gte: '2025-01-02T00:00:00.000Z' } },
    });
    expect(filter).toContainEqual({ term: { has_file: true } });
    expect(body.sort[0]).toEqual({ created_at: { order: 'desc', missing: '_last' } });
    expect(body.highlight).toBeUndefined();
  });

  it('searches file names and leaves infected files out', () => {
    const body = fileSearchBody({ ...plan, userIds: ['u1'] }) as Body;
    const bool = body.query.function_score.query.bool;
    expect(bool.filter).toContainEqual({ bool: { must_not: [{ term: { scan_status: 'infected' } }] } });
    expect(bool.filter).toContainEqual({ terms: { uploader_id: ['u1'] } });
    expect(bool.must[0].multi_match.fields).toContain('filename.prefix');
  });

  it('continues after the cursor with the same recency origin', () => {
    const cursor = encodeSearchCursor('scored', { sort: [1.5, 1_700_000_000_000, 'id-9'], originMs: 42 });
    const start = decodeSearchCursor(cursor, 'scored');
    expect(start).toEqual({ sort: [1.5, 1_700_000_000_000, 'id-9'], originMs: 42 });
    const body = messageSearchBody({ ...plan, start: start!, originMs: start!.originMs }) as Body;
    expect(body.search_after).toEqual([1.5, 1_700_000_000_000, 'id-9']);
    expect(body.query.function_score.functions[0].gauss.created_at.origin).toBe(42);
  });

  it('refuses a cursor of another mode or a forged one', () => {
    const cursor = encodeSearchCursor('timed', { sort: [1, 'a'], originMs: 1 });
    expect(decodeSearchCursor(cursor, 'scored')).toBeNull();
    expect(decodeSearchCursor('bm90IGpzb24', 'timed')).toBeNull();
    expect(
      decodeSearchCursor(Buffer.from('{"v":1,"m":"timed","k":"[{}]","o":1}').toString('base64url'), 'timed'),
    ).toBeNull();
  });

  it('takes the fragments of the most precise field and marks in them what the other fields matched', () => {
    expect(
      pickHighlights(
        {
          'content.prefix': ['the <mark>kubernetes</mark> rollout x1'],
          content: ['the kubernetes rollout <mark>x1</mark>'],
        },
        'content',
      ),
    ).toEqual(['the <mark>kubernetes</mark> rollout <mark>x1</mark>']);
    // Overlapping marks become one; a fragment of another field that is not in the text is ignored.
    expect(
      pickHighlights(
        {
          'content.exact': ['a <mark>deploy</mark>ment &amp; more'],
          'content.infix': ['a <mark>deployment</mark> &amp; more', 'elsewhere <mark>x</mark>'],
        },
        'content',
      ),
    ).toEqual(['a <mark>deployment</mark> &amp; more']);
    expect(pickHighlights(undefined, 'content')).toEqual([]);
  });
});
