import { describe, expect, it } from 'vitest';
import { typingLine } from './typing-store';

describe('typing line', () => {
  it('names one or two people and summarises more', () => {
    expect(typingLine([])).toBe('');
    expect(typingLine(['ann'])).toBe('ann is typing…');
    expect(typingLine(['ann', 'bo'])).toBe('ann and bo are typing…');
    expect(typingLine(['ann', 'bo', 'cy'])).toBe('Several people are typing…');
  });
});
