import { ChannelChangeTopic, Envelope, PayloadOf, Topics } from '@colink/contracts';
import { Db, OUTBOX_RECORD_COLUMNS, Outbox, OutboxRecord, Sql, Tx } from '@colink/platform';
import { Injectable } from '@nestjs/common';

export interface FileSummary {
  id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

export interface MessageRow {
  id: string;
  channel_id: string;
  seq: number;
  user_id: string;
  content: string;
  thread_root_id: string | null;
  also_send_to_channel: boolean;
  reply_count: number;
  last_reply_at: Date | null;
  mentions: string[];
  mentions_channel: boolean;
  mentions_here: boolean;
  files: FileSummary[];
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  deleted_by: string | null;
}

export interface ReactionRow {
  message_id: string;
  emoji: string;
  count: number;
  user_ids: string[];
}

export interface EditRow {
  id: number;
  message_id: string;
  content: string;
  created_at: Date;
  replaced_at: Date;
  edited_by: string;
}

export interface NewMessage {
  id: string;
  channelId: string;
  userId: string;
  content: string;
  threadRootId: string | null;
  alsoSendToChannel: boolean;
  mentions: string[];
  mentionsChannel: boolean;
  mentionsHere: boolean;
  files: FileSummary[];
}

/** A validated top-level post and its event's payload (the seq is filled in by the insert). */
export interface TopLevelPost {
  message: NewMessage;
  createdAt: Date;
  draft: PayloadOf<'message.created'>;
}

export interface Mentions {
  mentions: string[];
  mentionsChannel: boolean;
  mentionsHere: boolean;
}

const COLUMNS = `id, channel_id, seq::float8 AS seq, user_id, content, thread_root_id, also_send_to_channel,
  reply_count, last_reply_at, mentions::text[] AS mentions, mentions_channel, mentions_here, files,
  created_at, edited_at, deleted_at, deleted_by`;

const IN_HISTORY = `(thread_root_id IS NULL OR also_send_to_channel)`;

/**
 * Postgres refused a value's text (22P02 invalid_text_representation, e.g. a lone UTF-16 surrogate in
 * a JSON string; 22P05 untranslatable_character; 22021 character_not_in_repertoire): the input's
 * fault, so a 422 and not a 500.
 */
export function isUnstorableText(error: unknown): boolean {
  const codes = [
    (error as { code?: unknown } | null)?.code,
    (error as { driverError?: { code?: unknown } } | null)?.driverError?.code,
  ];
  return codes.some((code) => code === '22P02' || code === '22P05' || code === '22021');
}

/** The only class that touches messages, edits and reactions. */
@Injectable()
export class MessagesRepository {
  private readonly s: string;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
  ) {
    this.s = db.schema;
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Takes the channel's next seq. The row lock it leaves is held until commit, so the posts of one
   * channel commit in seq order and a rolled-back post gives its number back: no gaps, no repeats.
   */
  nextSeq(tx: Tx, channelId: string): Promise<{ seq: number; archived: boolean } | null> {
    return tx.one<{ seq: number; archived: boolean }>(
      `UPDATE ${this.s}.channels SET last_seq = last_seq + 1 WHERE id = $1
       RETURNING last_seq::float8 AS seq, archived_at IS NOT NULL AS archived`,
      [channelId],
    );
  }

  /**
   * Top-level posts in one statement, so one commit (one WAL flush) holds them all: each channel's
   * counters (`last_seq`, `last_rev`) move once by its number of posts, each post takes the next seq
   * and the next rev in the order given, and every message, its `message.created` event and that
   * event's `channel_changes` row commit together (the statement stamps the revs itself: the outbox
   * trigger stamps only events that come without one). The statement checks the
   * projection itself (the author is a member and no mute applies; the channel is known and not
   * archived), so a caller's cached access answer can never let a post through. Returns the seq of
   * each post written, by message id (a post refused by those checks is absent), and their events'
   * outbox rows as stored, in position order, for the relay to publish once committed.
   */
  async insertTopLevel(
    posts: readonly TopLevelPost[],
  ): Promise<{ seqs: Map<string, number>; events: OutboxRecord[] }> {
    const events = this.outbox.insertManyFrom(
      Topics.MessageCreated,
      posts.map((post) => ({ ref: post.message.id, data: post.draft })),
      {
        source: 'numbered',
        match: 'numbered.id::text',
        order: 'numbered.seq',
        fill: { seq: 'numbered.seq' },
        rev: 'numbered.rev',
        returning: '*',
        param: 2,
      },
    );
    const rows = await this.db.prepared<OutboxRecord & { message_id: string; seq: number }>(
      'messages_insert_top_level',
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
           ord int, id uuid, channel_id uuid, user_id uuid, content text, mentions uuid[],
           mentions_channel boolean, mentions_here boolean, files jsonb, created_at timestamptz)
       ), allowed AS (
         SELECT i.* FROM input i
          WHERE EXISTS (SELECT 1 FROM ${this.s}.members m
                         WHERE m.channel_id = i.channel_id AND m.user_id = i.user_id AND NOT m.removed)
            AND NOT EXISTS (SELECT 1 FROM ${this.s}.mutes u
                             WHERE u.user_id = i.user_id AND u.scope IN ('', i.channel_id::text)
                               AND (u.expires_at IS NULL OR u.expires_at > now()))
       ), wanted AS (
         SELECT channel_id, count(*) AS n FROM allowed GROUP BY channel_id
       ), counter AS (
         UPDATE ${this.s}.channels c SET last_seq = c.last_seq + w.n, last_rev = c.last_rev + w.n FROM wanted w
          WHERE c.id = w.channel_id AND c.archived_at IS NULL
          RETURNING c.id, c.last_seq - w.n AS seq_base, c.last_rev - w.n AS rev_base
       ), numbered AS (
         SELECT a.*, counter.seq_base + a.k AS seq, counter.rev_base + a.k AS rev
           FROM (SELECT *, row_number() OVER (PARTITION BY channel_id ORDER BY ord) AS k FROM allowed) a
           JOIN counter ON counter.id = a.channel_id
       ), message AS (
         INSERT INTO ${this.s}.messages
           (id, channel_id, seq, user_id, content, thread_root_id, also_send_to_channel,
            mentions, mentions_channel, mentions_here, files, created_at)
         SELECT id, channel_id, seq, user_id, content, NULL, false, mentions, mentions_channel, mentions_here,
                files, created_at
           FROM numbered
       ), event AS (${events.sql}
       ), change AS (
         INSERT INTO ${this.s}.channel_changes (channel_id, rev, envelope)
         SELECT (value -> 'data' ->> 'channel_id')::uuid, (value ->> 'rev')::bigint, value FROM event
       )
       SELECT value -> 'data' ->> 'id' AS message_id, (value -> 'data' ->> 'seq')::float8 AS seq,
              ${OUTBOX_RECORD_COLUMNS}
         FROM event ORDER BY event.position`,
      [
        JSON.stringify(
          posts.map(({ message, createdAt }, ord) => ({
            ord,
            id: message.id,
            channel_id: message.channelId,
            user_id: message.userId,
            content: message.content,
            mentions: message.mentions,
            mentions_channel: message.mentionsChannel,
            mentions_here: message.mentionsHere,
            files: message.files,
            created_at: createdAt.toISOString(),
          })),
        ),
        ...events.params,
      ],
    );
    const seqs = new Map<string, number>();
    const records: OutboxRecord[] = [];
    for (const { message_id: id, seq, ...record } of rows) {
      seqs.set(id, seq);
      records.push(record);
    }
    return { seqs, events: records };
  }

  async insert(tx: Tx, seq: number, message: NewMessage): Promise<MessageRow> {
    const row = await tx.one<MessageRow>(
      `INSERT INTO ${this.s}.messages
         (id, channel_id, seq, user_id, content, thread_root_id, also_send_to_channel,
          mentions, mentions_channel, mentions_here, files)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9, $10, $11::jsonb)
       RETURNING ${COLUMNS}`,
      [
        message.id,
        message.channelId,
        seq,
        message.userId,
        message.content,
        message.threadRootId,
        message.alsoSendToChannel,
        message.mentions,
        message.mentionsChannel,
        message.mentionsHere,
        JSON.stringify(message.files),
      ],
    );
    return required(row, message.id);
  }

  /**
   * Locks the channel's counter row before a change's event is written, so the event's outbox
   * position is taken after the lock: the changes of a channel reach Kafka in `rev` order.
   */
  async lockChannel(tx: Tx, channelId: string): Promise<void> {
    await tx.exec(`SELECT 1 FROM ${this.s}.channels WHERE id = $1 FOR UPDATE`, [channelId]);
  }

  /** The channel's changes after `afterRev`, in `rev` order (each as stamped at commit). */
  async changes(
    channelId: string,
    afterRev: number,
    limit: number,
  ): Promise<Array<Envelope<ChannelChangeTopic>>> {
    const rows = await this.db.many<{ envelope: Envelope<ChannelChangeTopic> }>(
      `SELECT envelope FROM ${this.s}.channel_changes WHERE channel_id = $1 AND rev > $2 ORDER BY rev LIMIT $3`,
      [channelId, afterRev, limit],
    );
    return rows.map((row) => row.envelope);
  }

  find(id: string, q: Sql = this.db): Promise<MessageRow | null> {
    return q.one<MessageRow>(`SELECT ${COLUMNS} FROM ${this.s}.messages WHERE id = $1`, [id]);
  }

  /** The message, locked until the transaction ends: its changes are serialized. */
  lock(tx: Tx, id: string): Promise<MessageRow | null> {
    return tx.one<MessageRow>(`SELECT ${COLUMNS} FROM ${this.s}.messages WHERE id = $1 FOR UPDATE`, [id]);
  }

  async countReply(tx: Tx, rootId: string): Promise<MessageRow> {
    const row = await tx.one<MessageRow>(
      `UPDATE ${this.s}.messages SET reply_count = reply_count + 1, last_reply_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [rootId],
    );
    return required(row, rootId);
  }

  /** Channel history in ascending seq: after `after`, or the page just before `before` (latest if neither). */
  async history(
    channelId: string,
    bounds: { after?: number; before?: number },
    limit: number,
  ): Promise<MessageRow[]> {
    if (bounds.after !== undefined) {
      return this.db.many<MessageRow>(
        `SELECT ${COLUMNS} FROM ${this.s}.messages
          WHERE channel_id = $1 AND ${IN_HISTORY} AND seq > $2 AND ($3::bigint IS NULL OR seq < $3)
          ORDER BY seq LIMIT $4`,
        [channelId, bounds.after, bounds.before ?? null, limit],
      );
    }
    const rows = await this.db.many<MessageRow>(
      `SELECT ${COLUMNS} FROM ${this.s}.messages
        WHERE channel_id = $1 AND ${IN_HISTORY} AND ($2::bigint IS NULL OR seq < $2)
        ORDER BY seq DESC LIMIT $3`,
      [channelId, bounds.before ?? null, limit],
    );
    return rows.reverse();
  }

  replies(rootId: string, after: number, limit: number): Promise<MessageRow[]> {
    return this.db.many<MessageRow>(
      `SELECT ${COLUMNS} FROM ${this.s}.messages WHERE thread_root_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [rootId, after, limit],
    );
  }

  async reactions(messageIds: string[], q: Sql = this.db): Promise<ReactionRow[]> {
    if (messageIds.length === 0) return [];
    return q.many<ReactionRow>(
      `SELECT message_id, emoji, count(*)::int AS count, array_agg(user_id::text ORDER BY created_at) AS user_ids
         FROM ${this.s}.reactions WHERE message_id = ANY ($1::uuid[])
        GROUP BY message_id, emoji ORDER BY message_id, min(created_at)`,
      [messageIds],
    );
  }

  /** Keeps the current version in the history, then writes the new content. */
  async edit(
    tx: Tx,
    before: MessageRow,
    content: string,
    mentions: Mentions,
    by: string,
  ): Promise<MessageRow> {
    await tx.exec(
      `INSERT INTO ${this.s}.message_edits (message_id, content, created_at, edited_by) VALUES ($1, $2, $3, $4)`,
      [before.id, before.content, before.edited_at ?? before.created_at, by],
    );
    const row = await tx.one<MessageRow>(
      `UPDATE ${this.s}.messages
          SET content = $2, mentions = $3::uuid[], mentions_channel = $4, mentions_here = $5, edited_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [before.id, content, mentions.mentions, mentions.mentionsChannel, mentions.mentionsHere],
    );
    return required(row, before.id);
  }

  edits(messageId: string, afterId: number, limit: number): Promise<EditRow[]> {
    return this.db.many<EditRow>(
      `SELECT id::float8 AS id, message_id, content, created_at, replaced_at, edited_by
         FROM ${this.s}.message_edits WHERE message_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [messageId, afterId, limit],
    );
  }

  /** Leaves a tombstone: the row and its seq stay, its content, edits and reactions go. */
  async tombstone(tx: Tx, id: string, by: string): Promise<MessageRow> {
    await tx.exec(`DELETE FROM ${this.s}.message_edits WHERE message_id = $1`, [id]);
    await tx.exec(`DELETE FROM ${this.s}.reactions WHERE message_id = $1`, [id]);
    const row = await tx.one<MessageRow>(
      `UPDATE ${this.s}.messages
          SET content = '', mentions = '{}', mentions_channel = false, mentions_here = false, files = '[]',
              deleted_at = now(), deleted_by = $2
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, by],
    );
    return required(row, id);
  }

  /** True when the reaction is new. */
  async addReaction(tx: Tx, messageId: string, emoji: string, userId: string): Promise<boolean> {
    const added = await tx.exec(
      `INSERT INTO ${this.s}.reactions (message_id, emoji, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [messageId, emoji, userId],
    );
    return added > 0;
  }

  /** True when there was such a reaction. */
  async removeReaction(tx: Tx, messageId: string, emoji: string, userId: string): Promise<boolean> {
    const removed = await tx.exec(
      `DELETE FROM ${this.s}.reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3`,
      [messageId, emoji, userId],
    );
    return removed > 0;
  }
}

function required(row: MessageRow | null, id: string): MessageRow {
  if (!row) throw new Error(`message ${id} vanished inside its own transaction`);
  return row;
}
