import { PayloadOf, Topics, buildEnvelope } from '@colink/contracts';
import { randomUUID } from 'node:crypto';
import { RowContext } from './feed';
import { AGGREGATES, EXPORTED_TOPICS, FEEDS, activeVersions, feedOfTopic } from './feed-registry';

const author = randomUUID();
const channel = randomUUID();

function message(overrides: Partial<PayloadOf<'message.created'>> = {}): PayloadOf<'message.created'> {
  return {
    id: randomUUID(),
    channel_id: channel,
    seq: 7,
    user_id: author,
    content: 'the launch is on 🚀 friday',
    thread_root_id: null,
    reply_count: 0,
    last_reply_at: null,
    also_send_to_channel: false,
    reactions: [],
    files: [],
    mentions: [randomUUID()],
    mentions_here: true,
    created_at: '2026-12-01T10:00:00.000Z',
    edited_at: null,
    deleted_at: null,
    ...overrides,
  };
}

const context = (includeMessageText: boolean): RowContext => ({
  pseudonym: ((id: string | null) => (id === null ? null : `h(${id})`)) as RowContext['pseudonym'],
  includeMessageText,
});

describe('feed registry', () => {
  it('exports every topic of the contract except presence and audit, each in one feed', () => {
    expect(new Set(EXPORTED_TOPICS).size).toBe(EXPORTED_TOPICS.length);
    expect(EXPORTED_TOPICS).toHaveLength(14);
    expect(EXPORTED_TOPICS).not.toContain(Topics.PresenceUpdated);
    expect(EXPORTED_TOPICS).not.toContain(Topics.AuditRecorded);
    expect(feedOfTopic(Topics.ChannelMemberAdded)?.name).toBe('channel_members');
  });

  it('gives every version of every feed event_id, event_type and event_time first, and a row with exactly its columns', () => {
    for (const feed of FEEDS)
      for (const version of feed.versions) {
        expect(version.columns.slice(0, 3).map((c) => c.name)).toEqual([
          'event_id',
          'event_type',
          'event_time',
        ]);
        expect(new Set(version.columns.map((c) => c.name)).size).toBe(version.columns.length);
      }
    const event = buildEnvelope(Topics.MessageCreated, message(), { actorId: author });
    for (const version of FEEDS[0].versions)
      expect(Object.keys(version.toRow(event, context(false))).sort()).toEqual(
        version.columns.map((c) => c.name).sort(),
      );
  });

  it('pseudonymises user ids and leaves message text out unless enabled', () => {
    const data = message();
    const event = buildEnvelope(Topics.MessageCreated, data, { actorId: author });
    const [v1, v2] = FEEDS[0].versions;
    const row = v1.toRow(event, context(false));
    expect(row).toMatchObject({
      event_type: 'created',
      user_hash: `h(${author})`,
      content: null,
      content_length: 25, // code points: the rocket is two UTF-16 units
      mention_count: 1,
      is_reply: false,
    });
    expect(JSON.stringify(row)).not.toContain(data.content);
    expect(v1.toRow(event, context(true)).content).toBe(data.content);
    expect(v2.toRow(event, context(false))).toMatchObject({ mentions_here: true, mentions_channel: false });
  });

  it('keeps names, usernames, emails and file names out of every feed', () => {
    const user = buildEnvelope(
      Topics.UserCreated,
      {
        id: author,
        username: 'carol',
        email: 'carol@example.com',
        display_name: 'Carol Example',
        roles: ['member', 'admin'],
        status_text: 'away',
        status_emoji: null,
        status_expiry: null,
        created_at: '2026-12-01T10:00:00.000Z',
      },
      { actorId: author },
    );
    const userRow = activeVersions(new Map()).get('users')!.toRow(user, context(true));
    expect(JSON.stringify(userRow)).not.toMatch(/carol|Carol/);
    expect(userRow).toMatchObject({ roles: ['admin', 'member'], has_email: true, has_status: true });

    const file = buildEnvelope(
      Topics.FileUploaded,
      {
        file_id: randomUUID(),
        channel_id: channel,
        uploader_id: author,
        filename: 'Carol salary review.PDF',
        content_type: 'application/pdf',
        size_bytes: 1234,
      },
      { actorId: author },
    );
    const fileRow = activeVersions(new Map()).get('files')!.toRow(file, context(true));
    expect(JSON.stringify(fileRow)).not.toMatch(/Carol|salary/);
    expect(fileRow).toMatchObject({ file_extension: 'pdf', size_bytes: 1234, uploader_hash: `h(${author})` });
  });

  it('writes the newest version unless a feed is held back, and refuses unknown pins', () => {
    expect(activeVersions(new Map()).get('messages')!.version).toBe(2);
    expect(activeVersions(new Map([['messages', 1]])).get('messages')!.version).toBe(1);
    expect(() => activeVersions(new Map([['messages', 9]]))).toThrow(/messages feed has no version 9/);
    expect(() => activeVersions(new Map([['nope', 1]]))).toThrow(/no feed named nope/);
  });

  it('reads only columns its source feeds have in every version', () => {
    for (const aggregate of AGGREGATES)
      for (const source of aggregate.sources) expect(FEEDS.some((feed) => feed.name === source)).toBe(true);
  });
});
