import { Envelope, PayloadOf } from '@colink/contracts';
import { IndexKind } from '../opensearch/index-definitions';

/**
 * One write to an index. `index` replaces the document only if `version` is at least the stored one
 * (external_gte), so a replayed event rewrites what is there and an older one changes nothing.
 * `merge` sets some fields (creating the document if needed) and is idempotent by its content.
 */
export type IndexAction =
  | { kind: IndexKind; op: 'index'; id: string; version: number; doc: Record<string, unknown> }
  | {
      kind: IndexKind;
      op: 'merge';
      id: string;
      doc: Record<string, unknown>;
      upsert: Record<string, unknown>;
    };

/**
 * Events of one thing arrive in the order they committed, but a replay or a reindex can bring an
 * old one back: the version is the event time in ms, times 4, plus a rank so that at the same
 * millisecond a deletion beats an edit and an edit beats a creation.
 */
export function versionOf(occurredAt: string, rank: 0 | 1 | 2 | 3): number {
  return Date.parse(occurredAt) * 4 + rank;
}

export function messageAction(event: Envelope<'message.created'> | Envelope<'message.updated'>): IndexAction {
  const message = event.data;
  const deleted = message.deleted_at !== null;
  return {
    kind: 'messages',
    op: 'index',
    id: message.id,
    version: versionOf(event.occurred_at, deleted ? 3 : event.type === 'message.created' ? 0 : 1),
    doc: {
      id: message.id,
      channel_id: message.channel_id,
      user_id: message.user_id,
      thread_root_id: message.thread_root_id,
      seq: message.seq,
      content: deleted ? '' : message.content,
      has_file: message.files.length > 0,
      deleted,
      created_at: message.created_at,
      message: deleted ? { ...message, content: '' } : message,
    },
  };
}

/** A deleted message leaves a tombstone, so that a replayed creation cannot bring it back. */
export function messageDeletedAction(event: Envelope<'message.deleted'>): IndexAction {
  const data = event.data;
  return {
    kind: 'messages',
    op: 'index',
    id: data.id,
    version: versionOf(event.occurred_at, 3),
    doc: {
      id: data.id,
      channel_id: data.channel_id,
      thread_root_id: data.thread_root_id,
      seq: data.seq,
      content: '',
      has_file: false,
      deleted: true,
    },
  };
}

export function channelAction(event: Envelope<'channel.created'> | Envelope<'channel.updated'>): IndexAction {
  const channel = event.data;
  return {
    kind: 'channels',
    op: 'index',
    id: channel.id,
    version: versionOf(event.occurred_at, event.type === 'channel.created' ? 0 : 1),
    doc: { id: channel.id, name: channel.name, type: channel.type, archived: channel.archived_at !== null },
  };
}

export function memberAction(
  event: Envelope<'channel.member_added'> | Envelope<'channel.member_removed'>,
): IndexAction[] {
  const { channel_id, user_id, channel_type } = event.data;
  const member = event.type === 'channel.member_added';
  return [
    {
      kind: 'members',
      op: 'index',
      id: `${channel_id}:${user_id}`,
      version: versionOf(event.occurred_at, member ? 1 : 2),
      doc: { channel_id, user_id, member },
    },
    // A member event may come before the channel's own (another topic): note the channel's type
    // without overwriting a name the channel event gave.
    {
      kind: 'channels',
      op: 'merge',
      id: channel_id,
      doc: { id: channel_id, type: channel_type },
      upsert: { id: channel_id, type: channel_type, archived: false },
    },
  ];
}

export function userAction(event: Envelope<'user.created'> | Envelope<'user.updated'>): IndexAction {
  const user = event.data;
  return {
    kind: 'users',
    op: 'index',
    id: user.id,
    version: versionOf(event.occurred_at, event.type === 'user.created' ? 0 : 1),
    doc: { id: user.id, username: user.username, display_name: user.display_name },
  };
}

export function fileUploadedAction(event: Envelope<'file.uploaded'>): IndexAction {
  const data: PayloadOf<'file.uploaded'> = event.data;
  const fields = {
    id: data.file_id,
    channel_id: data.channel_id,
    uploader_id: data.uploader_id,
    filename: data.filename,
    content_type: data.content_type,
    size_bytes: data.size_bytes,
    created_at: event.occurred_at,
  };
  // The scan may have finished first: an upload never resets the scan status.
  return {
    kind: 'files',
    op: 'merge',
    id: data.file_id,
    doc: fields,
    upsert: { ...fields, scan_status: 'pending' },
  };
}

export function fileScannedAction(event: Envelope<'file.scanned'>): IndexAction {
  const data = event.data;
  const fields = {
    id: data.file_id,
    channel_id: data.channel_id,
    uploader_id: data.uploader_id,
    scan_status: data.scan_status,
    ...(data.has_thumbnail === undefined ? {} : { has_thumbnail: data.has_thumbnail }),
  };
  return { kind: 'files', op: 'merge', id: data.file_id, doc: fields, upsert: fields };
}

/** The NDJSON lines of a bulk request for `actions`, each addressed to its kind's alias (or index). */
export function bulkLines(actions: IndexAction[], target: (kind: IndexKind) => string): object[] {
  const lines: object[] = [];
  for (const action of actions) {
    if (action.op === 'index') {
      lines.push(
        {
          index: {
            _index: target(action.kind),
            _id: action.id,
            version: action.version,
            version_type: 'external_gte',
          },
        },
        action.doc,
      );
    } else {
      lines.push(
        { update: { _index: target(action.kind), _id: action.id, retry_on_conflict: 5 } },
        { doc: action.doc, upsert: action.upsert },
      );
    }
  }
  return lines;
}
