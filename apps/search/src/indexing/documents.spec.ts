import { Envelope, Topic, buildEnvelope, PayloadOf } from '@colink/contracts';
import { randomUUID } from 'node:crypto';
import {
  bulkLines,
  fileScannedAction,
  fileUploadedAction,
  memberAction,
  messageAction,
  messageDeletedAction,
  versionOf,
} from './documents';

function event<T extends Topic>(topic: T, data: PayloadOf<T>, at: string): Envelope<T> {
  return buildEnvelope(topic, data, { actorId: null, occurredAt: new Date(at) });
}

const channelId = randomUUID();
const message: PayloadOf<'message.created'> = {
  id: randomUUID(),
  channel_id: channelId,
  seq: 7,
  user_id: randomUUID(),
  content: 'ship the deployment',
  thread_root_id: null,
  reply_count: 0,
  last_reply_at: null,
  also_send_to_channel: false,
  reactions: [],
  files: [],
  mentions: [],
  created_at: '2025-01-02T03:04:05.000Z',
  edited_at: null,
  deleted_at: null,
};

describe('index actions', () => {
  it('orders versions by event time, and at the same millisecond deletion > edit > creation', () => {
    const at = '2025-01-02T03:04:05.006Z';
    expect(versionOf(at, 3)).toBeGreaterThan(versionOf(at, 1));
    expect(versionOf(at, 1)).toBeGreaterThan(versionOf(at, 0));
    expect(versionOf('2025-01-02T03:04:05.007Z', 0)).toBeGreaterThan(versionOf(at, 3));
    expect(Number.isSafeInteger(versionOf('2999-12-31T23:59:59.999Z', 3))).toBe(true);
  });

  it('indexes a message with its searchable fields and the message as answered', () => {
    const action = messageAction(event('message.created', message, '2025-01-02T03:04:05.010Z'));
    expect(action).toMatchObject({ kind: 'messages', op: 'index', id: message.id });
    expect(action.op === 'index' && action.doc).toMatchObject({
      channel_id: channelId,
      content: 'ship the deployment',
      has_file: false,
      deleted: false,
      message,
    });
  });

  it('gives an edit a higher version than the creation, and a deletion a tombstone above both', () => {
    const created = messageAction(event('message.created', message, '2025-01-02T03:04:05.010Z'));
    const edited = messageAction(
      event(
        'message.updated',
        { ...message, content: 'x', edited_at: '2025-01-02T03:05:00.000Z' },
        '2025-01-02T03:05:00.000Z',
      ),
    );
    const deleted = messageDeletedAction(
      event(
        'message.deleted',
        {
          id: message.id,
          channel_id: channelId,
          seq: 7,
          thread_root_id: null,
          deleted_by: message.user_id,
          deleted_at: '2025-01-02T03:06:00.000Z',
        },
        '2025-01-02T03:06:00.000Z',
      ),
    );
    const v = (a: typeof created) => (a.op === 'index' ? a.version : 0);
    expect(v(edited)).toBeGreaterThan(v(created));
    expect(v(deleted)).toBeGreaterThan(v(edited));
    expect(deleted.op === 'index' && deleted.doc).toMatchObject({ deleted: true, content: '' });
  });

  it('records a membership change and the channel type, without overwriting the channel name', () => {
    const userId = randomUUID();
    const [member, channel] = memberAction(
      event(
        'channel.member_removed',
        { channel_id: channelId, channel_type: 'private', user_id: userId, role: 'member', by_user_id: null },
        '2025-01-02T03:04:05.000Z',
      ),
    );
    expect(member).toMatchObject({ kind: 'members', id: `${channelId}:${userId}`, doc: { member: false } });
    expect(channel).toMatchObject({ kind: 'channels', op: 'merge', doc: { id: channelId, type: 'private' } });
    expect(channel.op === 'merge' && 'name' in channel.doc).toBe(false);
  });

  it('never lets an upload reset a scan result, and lets a scan come first', () => {
    const fileId = randomUUID();
    const base = { file_id: fileId, channel_id: channelId, uploader_id: message.user_id };
    const uploaded = fileUploadedAction(
      event(
        'file.uploaded',
        { ...base, filename: 'plan.pdf', content_type: 'application/pdf', size_bytes: 3 },
        '2025-01-02T03:04:05.000Z',
      ),
    );
    const scanned = fileScannedAction(
      event('file.scanned', { ...base, scan_status: 'clean', signature: null }, '2025-01-02T03:04:06.000Z'),
    );
    expect(uploaded.op === 'merge' && 'scan_status' in uploaded.doc).toBe(false);
    expect(uploaded.op === 'merge' && uploaded.upsert.scan_status).toBe('pending');
    expect(scanned.op === 'merge' && scanned.upsert.scan_status).toBe('clean');
  });

  it('writes bulk lines with external_gte versions, to the kind’s target', () => {
    const lines = bulkLines(
      [messageAction(event('message.created', message, '2025-01-02T03:04:05.010Z'))],
      (kind) => `t-${kind}`,
    );
    expect(lines[0]).toEqual({
      index: {
        _index: 't-messages',
        _id: message.id,
        version: versionOf('2025-01-02T03:04:05.010Z', 0),
        version_type: 'external_gte',
      },
    });
  });
});
