import { Envelope, PayloadOf, Topics } from '@colink/contracts';
import { randomUUID } from 'node:crypto';
import { BiHarness, at } from './bi-harness';

export interface Scenario {
  users: string[];
  channels: { general: string; secret: string };
  messages: Array<PayloadOf<'message.created'>>;
  texts: string[];
  events: Envelope[];
  /** Rows each feed must end up with. */
  rows: Record<string, number>;
}

/** A day of activity: 3 people, a public and a private channel, posts, reactions, files, moderation. */
export function dayOfActivity(bi: BiHarness, day: string): Scenario {
  const users = [randomUUID(), randomUUID(), randomUUID()];
  const [ann, ben, cat] = users;
  const general = randomUUID();
  const secret = randomUUID();
  const events: Envelope[] = [];

  for (const [i, id] of users.entries())
    events.push(
      bi.event(
        Topics.UserCreated,
        {
          id,
          username: `user-${id.slice(0, 8)}`,
          email: `${id.slice(0, 8)}@example.com`,
          display_name: `Person ${id.slice(0, 8)}`,
          roles: ['member'],
          status_text: null,
          status_emoji: null,
          status_expiry: null,
          created_at: at(day, 8, i),
        },
        at(day, 8, i),
        id,
      ),
    );
  const channel = (id: string, name: string, type: 'public' | 'private') =>
    bi.event(
      Topics.ChannelCreated,
      {
        id,
        name,
        description: 'plans',
        type,
        created_by: ann,
        created_at: at(day, 9),
        archived_at: null,
        member_count: 1,
      },
      at(day, 9),
      ann,
    );
  events.push(channel(general, `general-${bi.id}`, 'public'), channel(secret, `secret-${bi.id}`, 'private'));
  for (const [channelId, userId] of [
    [general, ann],
    [general, ben],
    [general, cat],
    [secret, ann],
  ])
    events.push(
      bi.event(
        Topics.ChannelMemberAdded,
        {
          channel_id: channelId,
          channel_type: channelId === general ? 'public' : 'private',
          user_id: userId,
          role: userId === ann ? 'owner' : 'member',
          by_user_id: userId === ann ? null : ann,
        },
        at(day, 9, 5),
        ann,
      ),
    );

  const messages: Array<PayloadOf<'message.created'>> = [];
  const texts: string[] = [];
  const post = (
    channelId: string,
    userId: string,
    seq: number,
    minute: number,
    root: string | null = null,
  ) => {
    const content = `secret plan number ${randomUUID()}`;
    texts.push(content);
    const data: PayloadOf<'message.created'> = {
      id: randomUUID(),
      channel_id: channelId,
      seq,
      user_id: userId,
      content,
      thread_root_id: root,
      reply_count: 0,
      last_reply_at: null,
      also_send_to_channel: false,
      reactions: [],
      files: [],
      mentions: [],
      created_at: at(day, 10, minute),
      edited_at: null,
      deleted_at: null,
    };
    messages.push(data);
    events.push(bi.event(Topics.MessageCreated, data, at(day, 10, minute), userId));
    return data;
  };
  // general: 6 posts by three people (one a thread reply); secret: 2 posts by ann.
  const first = post(general, ann, 1, 0);
  post(general, ben, 2, 1);
  post(general, cat, 3, 2);
  post(general, ben, 4, 3, first.id);
  post(general, ann, 5, 4);
  post(general, cat, 6, 5);
  post(secret, ann, 1, 6);
  const last = post(secret, ann, 2, 7);
  events.push(
    bi.event(
      Topics.MessageUpdated,
      { ...first, content: `edited ${first.content}`, edited_at: at(day, 11) },
      at(day, 11),
      ann,
    ),
    bi.event(
      Topics.MessageDeleted,
      {
        id: last.id,
        channel_id: secret,
        seq: 2,
        thread_root_id: null,
        deleted_by: ann,
        deleted_at: at(day, 11, 5),
      },
      at(day, 11, 5),
      ann,
    ),
  );
  for (const [userId, emoji] of [
    [ben, 'thumbsup'],
    [cat, 'thumbsup'],
    [ann, 'tada'],
  ])
    events.push(
      bi.event(
        Topics.ReactionAdded,
        { message_id: first.id, channel_id: general, user_id: userId, emoji },
        at(day, 12),
        userId,
      ),
    );
  events.push(
    bi.event(
      Topics.ReactionRemoved,
      { message_id: first.id, channel_id: general, user_id: cat, emoji: 'thumbsup' },
      at(day, 12, 1),
      cat,
    ),
  );
  const files = [randomUUID(), randomUUID()];
  for (const [i, fileId] of files.entries()) {
    events.push(
      bi.event(
        Topics.FileUploaded,
        {
          file_id: fileId,
          channel_id: general,
          uploader_id: ben,
          filename: `Ben's notes ${i}.txt`,
          content_type: 'text/plain',
          size_bytes: 1000 * (i + 1),
        },
        at(day, 13, i),
        ben,
      ),
      bi.event(
        Topics.FileScanned,
        {
          file_id: fileId,
          channel_id: general,
          uploader_id: ben,
          scan_status: i === 0 ? 'clean' : 'infected',
          signature: i === 0 ? null : 'Eicar-Test-Signature',
        },
        at(day, 13, 30 + i),
        null,
      ),
    );
  }
  for (const action of ['warn', 'mute'] as const)
    events.push(
      bi.event(
        Topics.ModerationAction,
        {
          id: randomUUID(),
          action,
          target_user_id: cat,
          channel_id: null,
          moderator_id: ann,
          reason: `${cat} was rude`,
          duration_s: action === 'mute' ? 600 : null,
          expires_at: action === 'mute' ? at(day, 14, 10) : null,
          created_at: at(day, 14),
        },
        at(day, 14),
        ann,
      ),
    );
  return {
    users,
    channels: { general, secret },
    messages,
    texts,
    events,
    rows: {
      users: 3,
      channels: 2,
      channel_members: 4,
      messages: 10,
      reactions: 4,
      files: 4,
      moderation: 2,
    },
  };
}
