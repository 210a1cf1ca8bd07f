import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor';

const Key = z.strictObject({ name: z.string(), id: z.uuid() });

describe('page cursors', () => {
  it('round-trips the sort key of the last row', () => {
    const key = { name: 'general', id: '6f1c0b8e-3f43-4b8e-9a52-1c1b3a0f3d10' };
    expect(decodeCursor(encodeCursor(key), Key)).toEqual(key);
  });

  it('refuses what it did not give out', () => {
    expect(decodeCursor('not-a-cursor', Key)).toBeNull();
    expect(decodeCursor(Buffer.from('{"v":2,"name":"a"}').toString('base64url'), Key)).toBeNull();
    expect(decodeCursor(encodeCursor({ name: 'a', id: 'nope' }), Key)).toBeNull();
    expect(decodeCursor(Buffer.from('[1,2]').toString('base64url'), Key)).toBeNull();
  });
});
