import { ContractViolation, buildEnvelope, keyOf, parseEnvelope } from './envelope';
import { PayloadOf, TopicRegistry } from './registry';
import { ALL_TOPICS, Topics, dlqTopic } from './topics';

const channelId = '7d1f5a4e-3c2b-4a19-9e0f-1b2c3d4e5f60';
const userId = '0b6c1d2e-8f7a-4b3c-9d1e-2f3a4b5c6d7e';

function message(overrides: Partial<PayloadOf<'message.created'>> = {}): PayloadOf<'message.created'> {
  return {
    id: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
    channel_id: channelId,
    seq: 1,
    user_id: userId,
    content: 'hello **world**',
    thread_root_id: null,
    reply_count: 0,
    last_reply_at: null,
    also_send_to_channel: false,
    reactions: [],
    files: [],
    mentions: [],
    created_at: '2026-12-01T10:00:00.000Z',
    edited_at: null,
    deleted_at: null,
    ...overrides,
  };
}

describe('event contracts', () => {
  it('has a schema and a key for every topic of the contract', () => {
    expect(ALL_TOPICS).toHaveLength(16);
    for (const topic of ALL_TOPICS) expect(TopicRegistry[topic].schema).toBeDefined();
    expect(dlqTopic(Topics.MessageCreated)).toBe('message.created.dlq');
  });

  it('builds an envelope that parses back to the same event', () => {
    const envelope = buildEnvelope(Topics.MessageCreated, message(), { actorId: userId });
    expect(envelope).toMatchObject({ type: 'message.created', version: 1, actor_id: userId });
    expect(envelope.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const parsed = parseEnvelope(Topics.MessageCreated, Buffer.from(JSON.stringify(envelope)));
    expect(parsed).toEqual({ ok: true, envelope });
  });

  it('keys message events by channel and user events by user', () => {
    expect(keyOf(Topics.MessageCreated, message())).toBe(channelId);
    const user = {
      id: userId,
      username: 'alice',
      email: 'alice@example.com',
      display_name: 'Alice',
      roles: ['member'],
      status_text: null,
      status_emoji: null,
      status_expiry: null,
      created_at: '2026-12-01T10:00:00.000Z',
    };
    expect(keyOf(Topics.UserCreated, user)).toBe(userId);
  });

  it('refuses to build an envelope whose payload breaks the schema, naming the field', () => {
    expect(() => buildEnvelope(Topics.MessageCreated, message({ seq: 0 }), { actorId: null })).toThrow(
      ContractViolation,
    );
    expect(() =>
      buildEnvelope(Topics.MessageCreated, message({ channel_id: 'nope' }), { actorId: null }),
    ).toThrow(/data\.channel_id/);
  });

  const valid = () => buildEnvelope(Topics.MessageCreated, message(), { actorId: userId });
  const malformed: Array<[string, unknown, RegExp]> = [
    ['bytes that are not JSON', Buffer.from('{"id": '), /not valid JSON/],
    ['a missing id', { ...valid(), id: undefined }, /^id:/],
    ['an unknown envelope version', { ...valid(), version: 2 }, /^version:/],
    ['a trace id that is not hex', { ...valid(), trace_id: 'xyz' }, /^trace_id: must be 32/],
    ['an unknown type', { ...valid(), type: 'message.exploded' }, /^type: is not a known topic/],
    ['a record on the wrong topic', { ...valid(), type: 'user.created' }, /read from message\.created/],
    [
      'content over 40,000 characters',
      { ...valid(), data: message({ content: 'x'.repeat(40_001) }) },
      /^data\.content:/,
    ],
    [
      'a missing field in data',
      { ...valid(), data: { ...message(), user_id: undefined } },
      /^data\.user_id:/,
    ],
  ];

  it.each(malformed)('refuses %s with a message naming what is wrong', (_case, raw, pattern) => {
    const value = Buffer.isBuffer(raw) ? raw : JSON.stringify(raw);
    const result = parseEnvelope(Topics.MessageCreated, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.some((issue) => pattern.test(issue))).toBe(true);
  });

  it('reads an event from a newer producer: unknown fields in the envelope and data are dropped', () => {
    const newer = {
      ...valid(),
      region: 'eu',
      data: { ...message(), secret: 1, reactions: [{ emoji: 'x', count: 1, user_ids: [], extra: true }] },
    };
    const result = parseEnvelope(Topics.MessageCreated, JSON.stringify(newer));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.envelope).not.toHaveProperty('region');
    expect(result.envelope.data).not.toHaveProperty('secret');
    expect(result.envelope.data.reactions[0]).toEqual({ emoji: 'x', count: 1, user_ids: [] });
  });

  it('refuses to produce a field the contract does not know', () => {
    const extra = { ...message(), secret: 1 } as PayloadOf<'message.created'>;
    expect(() => buildEnvelope(Topics.MessageCreated, extra, { actorId: null })).toThrow(
      /^message\.created: data: .*secret/,
    );
  });

  it('names a newer envelope version as the reason it cannot be read', () => {
    const result = parseEnvelope(Topics.MessageCreated, JSON.stringify({ ...valid(), version: 2 }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.join()).toMatch(/^version: envelope version 2 is not the version 1/);
  });

  it('fails to compile a wrong topic/payload pair', () => {
    const reaction = { message_id: userId, channel_id: channelId, user_id: userId, emoji: 'thumbsup' };
    // @ts-expect-error a reaction is not a message
    expect(() => buildEnvelope(Topics.MessageCreated, reaction, { actorId: null })).toThrow(
      ContractViolation,
    );
    // @ts-expect-error not a topic of the contract
    expect(() => buildEnvelope('message.exploded', reaction, { actorId: null })).toThrow();
  });
});
