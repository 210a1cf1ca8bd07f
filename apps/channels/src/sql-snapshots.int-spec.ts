import { Db, openDataSource } from '@colink/platform';
import { SqlSnapshot, stackEnv } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ChannelsRepository } from './channels/channels.repository';
import { MIGRATIONS } from './migrations';

describe('the SQL the channels repositories issue (channels.repository.sql)', () => {
  let snapshot: SqlSnapshot<Db>;

  beforeAll(async () => {
    snapshot = await SqlSnapshot.open(
      'channels',
      async (schema) =>
        new Db(await openDataSource({ url: stackEnv.databaseUrl, schema, migrations: MIGRATIONS })),
    );
  });

  afterAll(() => snapshot?.close());

  it('matches the committed snapshot, every method run against PostgreSQL', async () => {
    const channels = snapshot.track(
      new ChannelsRepository(snapshot.db),
      join(__dirname, 'channels/channels.repository.ts'),
    );
    const owner = randomUUID();
    const guest = randomUUID();
    const channelId = randomUUID();
    const dmId = randomUUID();

    await channels.rememberUser(owner, 'ada');
    await channels.rememberUser(guest, 'grace');
    expect([...(await channels.knownUsers([owner, guest]))].sort()).toEqual([owner, guest].sort());

    await channels.transaction(async (tx) => {
      expect(await channels.nameTaken(tx, 'general', null)).toBe(false);
      const created = await channels.insert(tx, {
        id: channelId,
        name: 'general',
        description: '',
        type: 'public',
        createdBy: owner,
        dmKey: null,
      });
      expect(created?.name).toBe('general');
      await channels.insert(tx, {
        id: dmId,
        name: 'dm',
        description: '',
        type: 'dm',
        createdBy: owner,
        dmKey: `${owner}:${guest}`,
      });
      expect(await channels.addMember(tx, channelId, owner, 'owner')).not.toBeNull();
      expect(await channels.addMember(tx, channelId, owner, 'owner')).toBeNull();
      await channels.addMember(tx, channelId, guest, 'member');
      await channels.bumpMemberVersion(tx, channelId);
    });
    expect((await channels.findDm(`${owner}:${guest}`))?.id).toBe(dmId);

    await channels.transaction(async (tx) => {
      await channels.lock(tx, channelId);
      await channels.update(tx, channelId, { description: 'everyone' });
      await channels.setRole(tx, channelId, guest, 'admin');
      expect(await channels.owners(tx, channelId)).toBe(1);
      expect(await channels.memberCount(tx, channelId)).toBe(2);
      await channels.addMark(tx, {
        channelId,
        seq: 1,
        messageId: randomUUID(),
        userId: owner,
        inHistory: true,
        mentions: [guest],
        mentionsAll: false,
      });
    });
    const messageId = randomUUID();
    await channels.transaction(async (tx) => {
      await channels.addMark(tx, {
        channelId,
        seq: 2,
        messageId,
        userId: owner,
        inHistory: true,
        mentions: [],
        mentionsAll: false,
      });
      await channels.updateMarkMentions(tx, messageId, [guest], false);
      await channels.deleteMark(tx, messageId);
    });

    expect((await channels.findForUser(channelId, guest))?.mention_count).toBe(1);
    expect((await channels.member(channelId, guest))?.role).toBe('admin');
    expect((await channels.access(channelId, guest))?.role).toBe('admin');
    expect((await channels.listJoined(guest, 10, null)).map((c) => c.id)).toEqual([channelId]);
    expect((await channels.listBrowse(guest, 10, null)).map((c) => c.id)).toEqual([channelId]);
    expect(await channels.listMembers(channelId, 10, null)).toHaveLength(2);
    expect(await channels.markRead(channelId, guest, 2)).toMatchObject({ last_read_seq: 2, role: 'admin' });
    expect(await channels.markRead(channelId, randomUUID(), 2)).toBeNull();
    expect(await channels.transaction((tx) => channels.removeMember(tx, channelId, guest))).toBe(true);

    snapshot.verify(__dirname);
  });
});
