import { describe, expect, it } from 'vitest';
import { insertMention, mentionQuery } from './mention-query';
import { splitMentions } from './remark-mentions';

describe('@ autocomplete', () => {
  it('finds the @word being typed before the caret, not an e-mail address', () => {
    expect(mentionQuery('hello @bo', 9)).toEqual({ start: 6, query: 'bo' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('mail me at a@b', 14)).toBeNull();
    expect(mentionQuery('hello @bob and', 14)).toBeNull();
  });

  it('replaces the typed part with the chosen name and a space', () => {
    expect(insertMention('hi @bo!', 3, 6, 'bob')).toEqual({ text: 'hi @bob !', caret: 8 });
  });

  it('marks @mentions in text, not in e-mail addresses', () => {
    expect(splitMentions('ping @bob and @here, mail a@b.c')).toEqual([
      { text: 'ping ', mention: false },
      { text: '@bob', mention: true },
      { text: ' and ', mention: false },
      { text: '@here', mention: true },
      { text: ', mail a@b.c', mention: false },
    ]);
  });
});
