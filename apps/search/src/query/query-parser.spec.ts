import { QuerySyntaxError, isDay, parseQuery } from './query-parser';

describe('parseQuery', () => {
  it('takes modifiers out of the text and keeps the words in order', () => {
    expect(parseQuery('deploy in:#ops from:@alice kube before:2025-02-01 after:2025-01-01 has:file')).toEqual(
      {
        words: ['deploy', 'kube'],
        phrases: [],
        channels: ['ops'],
        from: ['alice'],
        before: '2025-02-01',
        after: '2025-01-01',
        hasFile: true,
      },
    );
  });

  it('keeps quoted phrases whole, with their spaces and colons', () => {
    const parsed = parseQuery('"rolling restart" now "in:#x is text"');
    expect(parsed.phrases).toEqual(['rolling restart', 'in:#x is text']);
    expect(parsed.words).toEqual(['now']);
    expect(parsed.channels).toEqual([]);
  });

  it('accepts modifiers without # and @, in any case, and treats other colons as text', () => {
    const parsed = parseQuery('IN:General FROM:bob http://x.y/z a:b');
    expect(parsed.channels).toEqual(['general']);
    expect(parsed.from).toEqual(['bob']);
    expect(parsed.words).toEqual(['http://x.y/z', 'a:b']);
  });

  it('keeps the tightest of several date bounds', () => {
    const parsed = parseQuery('before:2025-03-01 before:2025-02-01 after:2024-01-01 after:2024-06-01');
    expect(parsed.before).toBe('2025-02-01');
    expect(parsed.after).toBe('2024-06-01');
  });

  it.each([
    ['"unclosed phrase', 'a quoted phrase is not closed'],
    ['before:2025-13-01', 'before: takes a date'],
    ['after:yesterday', 'after: takes a date'],
    ['before:2025-02-30', 'before: takes a date'],
    ['in:#', 'in: takes a channel name'],
    ['in:#Bad!Name', 'in: takes a channel name'],
    ['from:@', 'from: takes a user'],
    ['has:link', 'has: takes file'],
  ])('refuses %s', (q, message) => {
    expect(() => parseQuery(q)).toThrow(QuerySyntaxError);
    expect(() => parseQuery(q)).toThrow(message);
  });

  it('knows real calendar days', () => {
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2023-02-29')).toBe(false);
    expect(isDay('2024-2-9')).toBe(false);
  });
});
