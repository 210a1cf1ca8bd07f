import {
  PresenceHeartbeatPayloadSchema,
  SyncPayloadSchema,
  TypingPayloadSchema,
  invalidPayload,
} from './socket-payloads';

describe('socket payloads', () => {
  const id = '6f1c2b8e-3f4a-4c5d-9e6f-7a8b9c0d1e2f';

  it('accepts the documented shapes', () => {
    expect(TypingPayloadSchema.safeParse({ channel_id: id }).success).toBe(true);
    expect(SyncPayloadSchema.safeParse({ cursors: { [id]: 0 } }).success).toBe(true);
    expect(PresenceHeartbeatPayloadSchema.safeParse({}).success).toBe(true);
    expect(PresenceHeartbeatPayloadSchema.safeParse(undefined).success).toBe(true);
  });

  it.each([
    ['typing without a channel', TypingPayloadSchema, {}],
    ['typing with extra fields', TypingPayloadSchema, { channel_id: id, x: 1 }],
    ['sync with a negative seq', SyncPayloadSchema, { cursors: { [id]: -1 } }],
    ['sync keyed by a non-uuid', SyncPayloadSchema, { cursors: { general: 1 } }],
    ['sync that is not an object', SyncPayloadSchema, 'sync'],
    ['a heartbeat with fields', PresenceHeartbeatPayloadSchema, { status: 'away' }],
    ['a heartbeat that is not an object', PresenceHeartbeatPayloadSchema, null],
  ])('refuses %s with issues naming the field', (_what, schema, payload) => {
    const parsed = schema.safeParse(payload);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const ack = invalidPayload(parsed.error);
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
