import type { AnySocketEnvelope, ChannelView } from '@colink/contracts';
import { QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryKeys } from '../api/query-client';
import { MessageWindow, emptyWindow, upsertMessages } from '../messages/model/message-window';
import { ALICE, BOB, CHANNEL, aMessage } from '../messages/model/test-messages';
import { applyEvent } from './apply-event';

function envelope<E extends AnySocketEnvelope['type']>(type: E, data: unknown): AnySocketEnvelope {
  return {
    id: crypto.randomUUID(),
    type,
    occurred_at: new Date().toISOString(),
    channel_id: CHANNEL,
    data,
  } as AnySocketEnvelope;
}

function aChannel(overrides: Partial<ChannelView> = {}): ChannelView {
  return {
    id: CHANNEL,
    name: 'general',
    description: '',
    type: 'public',
    created_by: ALICE,
    created_at: new Date().toISOString(),
    archived_at: null,
    member_count: 2,
    is_member: true,
    role: 'member',
    unread_count: 0,
    mention_count: 0,
    last_read_seq: 1,
    last_seq: 1,
    ...overrides,
  };
}

describe('socket events in the cache', () => {
  let client: QueryClient;
  beforeEach(() => {
    client = new QueryClient();
    client.setQueryData<MessageWindow>(
      queryKeys.messages(CHANNEL),
      upsertMessages(emptyWindow, [aMessage(1)]),
    );
    client.setQueryData<ChannelView[]>(queryKeys.joined, [aChannel()]);
  });
  const window = () => client.getQueryData<MessageWindow>(queryKeys.messages(CHANNEL))!;
  const joined = () => client.getQueryData<ChannelView[]>(queryKeys.joined)![0];

  it('adds a new message from someone else and moves the unread and mention badges', () => {
    applyEvent(client, envelope('message.created', aMessage(2, { user_id: BOB })), ALICE);
    applyEvent(client, envelope('message.created', aMessage(3, { user_id: BOB, mentions: [ALICE] })), ALICE);
    expect(window().items.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(joined()).toMatchObject({ unread_count: 2, mention_count: 1, last_seq: 3 });
  });

  it('does not count one’s own messages as unread', () => {
    applyEvent(client, envelope('message.created', aMessage(2, { user_id: ALICE })), ALICE);
    expect(joined()).toMatchObject({ unread_count: 0, last_seq: 2 });
  });

  it('keeps thread replies out of the channel and counts them on the root', () => {
    const root = aMessage(1);
    applyEvent(
      client,
      envelope('message.created', aMessage(2, { user_id: BOB, thread_root_id: root.id })),
      ALICE,
    );
    expect(window().items.map((m) => m.seq)).toEqual([1]);
    expect(window().items[0].reply_count).toBe(1);
  });

  it('edits, reacts and deletes in place', () => {
    const original = aMessage(1);
    applyEvent(
      client,
      envelope('message.updated', { ...original, content: 'fixed', edited_at: new Date().toISOString() }),
      ALICE,
    );
    const reaction = { message_id: original.id, channel_id: CHANNEL, user_id: BOB, emoji: '🎉' };
    applyEvent(client, envelope('reaction.added', reaction), ALICE);
    applyEvent(client, envelope('reaction.added', reaction), ALICE);
    expect(window().items[0]).toMatchObject({ content: 'fixed', reactions: [{ emoji: '🎉', count: 1 }] });
    applyEvent(
      client,
      envelope('message.deleted', {
        id: original.id,
        channel_id: CHANNEL,
        seq: 1,
        thread_root_id: null,
        deleted_by: ALICE,
        deleted_at: new Date().toISOString(),
      }),
      ALICE,
    );
    expect(window().items[0]).toMatchObject({ content: '', reactions: [] });
    expect(window().items[0].deleted_at).not.toBeNull();
  });
});
