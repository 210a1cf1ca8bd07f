import {
  AuthRefreshPayloadSchema,
  ClientPayloadSchemas,
  PresenceHeartbeatPayloadSchema,
  SyncPayloadSchema,
  TypingPayloadSchema,
  invalidPayloadAck,
} from './socket-events';

describe('socket event payloads', () => {
  const id = '6f1c2b8e-3f4a-4c5d-9e6f-7a8b9c0d1e2f';

  it('accepts the documented shapes', () => {
    expect(TypingPayloadSchema.safeParse({ channel_id: id }).success).toBe(true);
    expect(SyncPayloadSchema.safeParse({ cursors: { [id]: 0 } }).success).toBe(true);
    expect(PresenceHeartbeatPayloadSchema.safeParse({}).success).toBe(true);
    expect(PresenceHeartbeatPayloadSchema.safeParse(undefined).success).toBe(true);
    expect(AuthRefreshPayloadSchema.safeParse({ token: 'a.b.c' }).success).toBe(true);
    expect(Object.keys(ClientPayloadSchemas).sort()).toEqual(
      ['auth.refresh', 'presence.heartbeat', 'sync', 'typing'].sort(),
    );
  });

  it.each([
    ['typing without a channel', TypingPayloadSchema, {}],
    ['typing with extra fields', TypingPayloadSchema, { channel_id: id, x: 1 }],
    ['sync with a negative rev', SyncPayloadSchema, { cursors: { [id]: -1 } }],
    ['sync keyed by a non-uuid', SyncPayloadSchema, { cursors: { general: 1 } }],
    ['sync that is not an object', SyncPayloadSchema, 'sync'],
    [
      'sync over 200 channels',
      SyncPayloadSchema,
      {
        cursors: Object.fromEntries(
          Array.from({ length: 201 }, (_, i) => [`${id.slice(0, 24)}${String(i).padStart(12, '0')}`, 0]),
        ),
      },
    ],
    ['a heartbeat with fields', PresenceHeartbeatPayloadSchema, { status: 'away' }],
    ['a heartbeat that is not an object', PresenceHeartbeatPayloadSchema, null],
    ['auth.refresh without a token', AuthRefreshPayloadSchema, {}],
    ['auth.refresh with an empty token', AuthRefreshPayloadSchema, { token: '' }],
  ])('refuses %s with issues naming the field', (_what, schema, payload) => {
    const parsed = schema.safeParse(payload);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const ack = invalidPayloadAck(parsed.error);
    expect(ack).toMatchObject({ ok: false, error: 'invalid_payload' });
    expect(ack.ok === false && 'issues' in ack && ack.issues?.length).toBeGreaterThan(0);
  });
});
