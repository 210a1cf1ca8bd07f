import { parseMentions } from './mentions';

describe('parseMentions', () => {
  it('finds usernames, @channel and @here, once each, lower-cased', () => {
    expect(parseMentions('hi @Bob and @carol.smith, @bob again; @channel @here')).toEqual({
      usernames: ['bob', 'carol.smith'],
      channel: true,
      here: true,
    });
  });

  it('ignores emails, URLs and trailing punctuation', () => {
    expect(
      parseMentions('mail bob@example.com or see https://x.test/@dave. Thanks @erin.').usernames,
    ).toEqual(['erin']);
  });

  it('ignores code spans and fenced code blocks', () => {
    const text = 'run `@alice` then\n```\n@bob\n```\nand tell @carol';
    expect(parseMentions(text).usernames).toEqual(['carol']);
  });

  it('finds a mention at the start, after punctuation and in Markdown emphasis', () => {
    expect(parseMentions('@dave: look (@erin) **@frank**').usernames).toEqual(['dave', 'erin', 'frank']);
  });

  it('finds nothing in plain text', () => {
    expect(parseMentions('no mentions here, @ alone')).toEqual({
      usernames: [],
      channel: false,
      here: false,
    });
  });
});
