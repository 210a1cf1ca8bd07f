import type { MessageView } from '@colink/contracts';

export const CHANNEL = '11111111-1111-4111-8111-111111111111';
export const ALICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const BOB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

/** A message as the API answers it, with the fields a test cares about overridden. */
export function aMessage(seq: number, overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    channel_id: CHANNEL,
    seq,
    user_id: ALICE,
    content: `message ${seq}`,
    thread_root_id: null,
    reply_count: 0,
    last_reply_at: null,
    also_send_to_channel: false,
    reactions: [],
    files: [],
    mentions: [],
    created_at: new Date(Date.UTC(2026, 0, 5, 10, seq)).toISOString(),
    edited_at: null,
    deleted_at: null,
    ...overrides,
  };
}
