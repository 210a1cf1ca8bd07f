import { describe, expect, it } from 'vitest';
import { ALICE, BOB, CHANNEL, aMessage } from './test-messages';
import {
  addPending,
  applyReaction,
  buildFeed,
  confirmPending,
  emptyWindow,
  mergeLatest,
  prependOlder,
  upsertMessages,
} from './message-window';

describe('message window', () => {
  it('keeps messages in seq order and each once, however they arrive', () => {
    let window = upsertMessages(emptyWindow, [aMessage(3), aMessage(1)]);
    window = upsertMessages(window, [aMessage(2), aMessage(3, { content: 'edited' })]);
    expect(window.items.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(window.items[2].content).toBe('edited');
  });

  it('prepends older history and remembers whether more exists', () => {
    const window = prependOlder(
      upsertMessages(emptyWindow, [aMessage(51)]),
      [aMessage(49), aMessage(50)],
      false,
    );
    expect(window.items.map((m) => m.seq)).toEqual([49, 50, 51]);
    expect(window.hasOlder).toBe(false);
  });

  it('merges a refetched latest page that meets what is held, and replaces it across a hole', () => {
    const held = { ...upsertMessages(emptyWindow, [aMessage(1), aMessage(2)]), hasOlder: false };
    expect(mergeLatest(held, [aMessage(2), aMessage(3)], false).items.map((m) => m.seq)).toEqual([1, 2, 3]);
    const hole = mergeLatest(held, [aMessage(90), aMessage(91)], true);
    expect(hole.items.map((m) => m.seq)).toEqual([90, 91]);
    expect(hole.hasOlder).toBe(true);
  });

  it('applies a reaction once per person, and removes it', () => {
    const once = applyReaction(aMessage(1), '👍', BOB, true);
    expect(applyReaction(once, '👍', BOB, true)).toBe(once);
    const twice = applyReaction(once, '👍', ALICE, true);
    expect(twice.reactions).toEqual([{ emoji: '👍', count: 2, user_ids: [BOB, ALICE] }]);
    expect(applyReaction(applyReaction(twice, '👍', BOB, false), '👍', ALICE, false).reactions).toEqual([]);
  });

  it('turns a pending message into the confirmed one', () => {
    const pending = {
      clientId: 'k1',
      channelId: CHANNEL,
      content: 'hi',
      threadRootId: null,
      alsoSendToChannel: false,
      createdAt: new Date().toISOString(),
      state: 'sending' as const,
    };
    const window = confirmPending(addPending(emptyWindow, pending), 'k1', aMessage(7, { content: 'hi' }));
    expect(window.pending).toEqual([]);
    expect(window.items.map((m) => m.content)).toEqual(['hi']);
  });
});

describe('feed rows', () => {
  const now = new Date(Date.UTC(2026, 0, 5, 12));

  it('puts a day separator before each day and groups one author within five minutes', () => {
    const window = upsertMessages(emptyWindow, [
      aMessage(1, { created_at: '2026-01-04T10:00:00.000Z' }),
      aMessage(2, { created_at: '2026-01-05T10:00:00.000Z' }),
      aMessage(3, { created_at: '2026-01-05T10:02:00.000Z' }),
      aMessage(4, { created_at: '2026-01-05T10:03:00.000Z', user_id: BOB }),
      aMessage(5, { created_at: '2026-01-05T10:30:00.000Z', user_id: BOB }),
    ]);
    const rows = buildFeed(window, { lastReadSeq: null, selfId: ALICE, now });
    expect(
      rows.map((r) => (r.kind === 'message' ? `${r.message.seq}${r.grouped ? 'g' : ''}` : r.kind)),
    ).toEqual(['day', '1', 'day', '2', '3g', '4', '5']);
    expect(rows.filter((r) => r.kind === 'day').map((r) => (r.kind === 'day' ? r.label : ''))).toEqual([
      'Yesterday',
      'Today',
    ]);
  });

  it('draws the "new messages" line before the first unread message from someone else', () => {
    const window = upsertMessages(emptyWindow, [
      aMessage(1),
      aMessage(2, { user_id: BOB }),
      aMessage(3, { user_id: BOB }),
    ]);
    const rows = buildFeed(window, { lastReadSeq: 1, selfId: ALICE, now });
    const kinds = rows.map((r) => (r.kind === 'message' ? r.message.seq : r.kind));
    expect(kinds).toEqual(['day', 1, 'new', 2, 3]);
    expect(buildFeed(window, { lastReadSeq: 3, selfId: ALICE, now }).some((r) => r.kind === 'new')).toBe(
      false,
    );
  });
});
