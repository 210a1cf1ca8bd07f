import { Db, Outbox, openDataSource } from '@colink/platform';
import { SqlSnapshot, stackEnv } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AccessRepository } from './access/access.repository';
import { toMessageView } from './messages/message.mapper';
import { MessagesRepository, NewMessage } from './messages/messages.repository';
import { MIGRATIONS } from './migrations';

describe('the SQL the messaging repositories issue (access and messages .repository.sql)', () => {
  let snapshot: SqlSnapshot<Db>;

  beforeAll(async () => {
    snapshot = await SqlSnapshot.open(
      'messaging',
      async (schema) =>
        new Db(await openDataSource({ url: stackEnv.databaseUrl, schema, migrations: MIGRATIONS })),
    );
  });

  afterAll(() => snapshot?.close());

  it('matches the committed snapshots, every method run against PostgreSQL', async () => {
    const access = snapshot.track(
      new AccessRepository(snapshot.db),
      join(__dirname, 'access/access.repository.ts'),
    );
    const messages = snapshot.track(
      new MessagesRepository(snapshot.db, new Outbox(snapshot.schema)),
      join(__dirname, 'messages/messages.repository.ts'),
    );
    const author = randomUUID();
    const reader = randomUUID();
    const channelId = randomUUID();
    const fileId = randomUUID();

    await access.rememberUser(author, 'Ada');
    expect((await access.usersByName(['ada'])).get('ada')).toBe(author);
    await snapshot.db.transaction(async (tx) => {
      await access.upsertChannel(tx, { id: channelId, type: 'public' });
      await access.applyMembership(tx, channelId, author, 'owner', 1);
      await access.applyMembership(tx, channelId, reader, 'member', 2);
      await access.upsertFile(tx, {
        id: fileId,
        channel_id: channelId,
        uploader_id: author,
        filename: 'notes.txt',
        content_type: 'text/plain',
        size_bytes: 5,
        scan_status: 'pending',
      });
      await access.setScanStatus(tx, fileId, 'clean');
      await access.mute(tx, reader, channelId, null, randomUUID());
    });
    expect((await access.channelFor(channelId, reader))?.role).toBe('member');
    expect(await access.activeMute(reader, channelId)).not.toBeNull();
    await snapshot.db.transaction(async (tx) => {
      await access.unmute(tx, reader, channelId);
      await access.unmute(tx, reader, null);
    });
    expect((await access.files([fileId])).map((file) => file.scan_status)).toEqual(['clean']);

    const post = (content: string, threadRootId: string | null = null): NewMessage => ({
      id: randomUUID(),
      channelId,
      userId: author,
      content,
      threadRootId,
      alsoSendToChannel: false,
      mentions: [],
      mentionsChannel: false,
      mentionsHere: false,
      files: [],
    });
    const root = post('hello');
    const createdAt = new Date();
    const draft = toMessageView(
      {
        id: root.id,
        channel_id: channelId,
        seq: 1,
        user_id: author,
        content: root.content,
        thread_root_id: null,
        also_send_to_channel: false,
        reply_count: 0,
        last_reply_at: null,
        mentions: [],
        mentions_channel: false,
        mentions_here: false,
        files: [],
        created_at: createdAt,
        edited_at: null,
        deleted_at: null,
        deleted_by: null,
      },
      [],
    );
    const written = await messages.insertTopLevel([{ message: root, createdAt, draft }]);
    expect(written.seqs).toEqual(new Map([[root.id, 1]]));
    expect(written.events).toEqual([
      expect.objectContaining({ topic: 'message.created', key: channelId, channel: channelId, rev: 1 }),
    ]);
    expect(JSON.parse(written.events[0].value)).toMatchObject({ rev: 1, data: { id: root.id, seq: 1 } });

    const reply = post('a reply', root.id);
    await messages.transaction(async (tx) => {
      await messages.lock(tx, root.id);
      const next = await messages.nextSeq(tx, channelId);
      await messages.insert(tx, next!.seq, reply);
      await messages.countReply(tx, root.id);
      await messages.lockChannel(tx, channelId);
      expect(await messages.addReaction(tx, root.id, '👍', reader)).toBe(true);
    });
    const before = await messages.find(root.id);
    await messages.transaction(async (tx) => {
      await messages.edit(
        tx,
        before!,
        'hello, world',
        { mentions: [], mentionsChannel: false, mentionsHere: false },
        author,
      );
      expect(await messages.removeReaction(tx, root.id, '👍', reader)).toBe(true);
    });
    expect((await messages.history(channelId, {}, 10)).map((m) => m.id)).toEqual([root.id]);
    expect(await messages.history(channelId, { after: 0 }, 10)).toHaveLength(1);
    expect((await messages.replies(root.id, 0, 10)).map((m) => m.id)).toEqual([reply.id]);
    expect(await messages.reactions([root.id])).toEqual([]);
    expect(await messages.edits(root.id, 0, 10)).toHaveLength(1);
    expect((await messages.changes(channelId, 0, 10)).map((change) => change.type)).toEqual([
      'message.created',
    ]);
    await messages.transaction((tx) => messages.tombstone(tx, reply.id, author));

    snapshot.verify(__dirname);
  });
});
