import type { ChannelView } from '@colink/contracts';
import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { usePresence, usePresenceOf } from '../../presence/api';
import { presenceLabel } from '../../presence/components/presence-dot';
import { Avatar } from '../../users/components/avatar';
import { displayName, useUsers } from '../../users/api';
import { ApiError } from '../../api/http';
import { leaveChannel, updateChannel, useMembers } from '../api';

export function ChannelHeader({ channel, title }: { channel: ChannelView; title: string }) {
  const [membersOpen, setMembersOpen] = useState(false);
  const [topicOpen, setTopicOpen] = useState(false);
  const canEdit = channel.type !== 'dm' && (channel.role === 'owner' || channel.role === 'admin');
  const client = useQueryClient();
  const navigate = useNavigate();
  const isDm = channel.type === 'dm';

  const leave = async () => {
    if (!window.confirm(`Leave #${channel.name}?`)) return;
    await leaveChannel(client, channel.id);
    void navigate('/');
  };

  return (
    <header className="channel-header">
      <Link to="/" className="icon-button back" aria-label="Back to channels">
        ‹
      </Link>
      <div className="channel-title">
        <h1 data-testid="channel-title">
          {isDm ? '' : channel.type === 'private' ? '🔒 ' : '# '}
          {title}
        </h1>
        {(channel.description || canEdit) && (
          <p className="topic muted small" title={channel.description}>
            {channel.description}
            {canEdit && (
              <button
                type="button"
                className="link-button topic-edit"
                onClick={() => setTopicOpen(true)}
                aria-label={channel.description ? 'Edit topic' : 'Add a topic'}
              >
                {channel.description ? 'Edit' : 'Add a topic'}
              </button>
            )}
          </p>
        )}
      </div>
      <div className="header-actions">
        <button
          type="button"
          className="button small"
          onClick={() => setMembersOpen(true)}
          aria-label={`Members: ${channel.member_count}`}
        >
          <span aria-hidden="true">👥</span> {channel.member_count}
        </button>
        {!isDm && channel.is_member && (
          <button type="button" className="button small" onClick={() => void leave()}>
            Leave
          </button>
        )}
      </div>
      <MembersDialog channel={channel} open={membersOpen} onOpenChange={setMembersOpen} />
      {topicOpen && <TopicDialog channel={channel} onClose={() => setTopicOpen(false)} />}
    </header>
  );
}

function MembersDialog({
  channel,
  open,
  onOpenChange,
}: {
  channel: ChannelView;
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const { data: members } = useMembers(channel.id, open);
  const ids = (members ?? []).map((m) => m.user_id);
  const users = useUsers(open ? ids : []);
  usePresenceOf(open ? ids : []);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>
            Members of {channel.type === 'dm' ? 'this conversation' : `#${channel.name}`}
          </Dialog.Title>
          <ul className="result-list">
            {(members ?? []).map((member) => (
              <MemberRow
                key={member.user_id}
                userId={member.user_id}
                role={member.role}
                name={displayName(users.get(member.user_id), '…')}
                user={users.get(member.user_id)}
              />
            ))}
          </ul>
          <div className="dialog-actions">
            <Dialog.Close className="button">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function MemberRow({
  userId,
  role,
  name,
  user,
}: {
  userId: string;
  role: string;
  name: string;
  user: Parameters<typeof Avatar>[0]['user'];
}) {
  const presence = usePresence(userId);
  return (
    <li className="result-row">
      <Avatar user={user} userId={userId} size={32} presence={presence} />
      <div className="grow">
        <strong>{name}</strong> {user && <span className="muted small">@{user.username}</span>}
        <div className="muted small">
          {presenceLabel(presence)}
          {role !== 'member' ? ` · ${role}` : ''}
        </div>
      </div>
    </li>
  );
}

const TOPIC_MAX = 1000;

function TopicDialog({ channel, onClose }: { channel: ChannelView; onClose: () => void }) {
  const client = useQueryClient();
  const [topic, setTopic] = useState(channel.description ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await updateChannel(client, channel.id, { description: topic.trim() });
      onClose();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'Could not save the topic.');
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Topic of #{channel.name}</Dialog.Title>
          <form
            className="form"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <label className="field">
              <span>What is this channel about?</span>
              <textarea
                value={topic}
                maxLength={TOPIC_MAX}
                rows={3}
                onChange={(event) => setTopic(event.target.value)}
                autoFocus
              />
            </label>
            <p className="muted small">
              {topic.length} / {TOPIC_MAX}
            </p>
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <div className="dialog-actions">
              <Dialog.Close className="button" type="button">
                Cancel
              </Dialog.Close>
              <button type="submit" className="button primary" disabled={saving}>
                Save
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
