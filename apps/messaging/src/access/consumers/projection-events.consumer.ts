import { Envelope, Topics } from '@colink/contracts';
import { HandlerContext, OnTopic } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { AccessRepository } from '../access.repository';

/**
 * Keeps messaging's view of channels, members, users and files in step with the services that own
 * them. Each effect commits with its dedupe mark, so a redelivered event changes nothing.
 */
@Injectable()
export class ProjectionEventsConsumer {
  constructor(private readonly access: AccessRepository) {}

  @OnTopic(Topics.ChannelCreated)
  async onChannelCreated(event: Envelope<'channel.created'>, { tx }: HandlerContext): Promise<void> {
    await this.access.upsertChannel(tx, {
      id: event.data.id,
      type: event.data.type,
      archivedAt: event.data.archived_at,
    });
  }

  @OnTopic(Topics.ChannelUpdated)
  async onChannelUpdated(event: Envelope<'channel.updated'>, { tx }: HandlerContext): Promise<void> {
    await this.access.upsertChannel(tx, {
      id: event.data.id,
      type: event.data.type,
      archivedAt: event.data.archived_at,
    });
  }

  @OnTopic(Topics.ChannelMemberAdded)
  async onMemberAdded(event: Envelope<'channel.member_added'>, { tx }: HandlerContext): Promise<void> {
    const { channel_id, channel_type, user_id, role } = event.data;
    await this.access.upsertChannel(tx, { id: channel_id, type: channel_type });
    await this.access.upsertMember(tx, channel_id, user_id, role);
  }

  @OnTopic(Topics.ChannelMemberRemoved)
  async onMemberRemoved(event: Envelope<'channel.member_removed'>, { tx }: HandlerContext): Promise<void> {
    await this.access.removeMember(tx, event.data.channel_id, event.data.user_id);
  }

  @OnTopic(Topics.UserCreated)
  async onUserCreated(event: Envelope<'user.created'>, { tx }: HandlerContext): Promise<void> {
    await this.access.rememberUser(event.data.id, event.data.username, tx);
  }

  @OnTopic(Topics.UserUpdated)
  async onUserUpdated(event: Envelope<'user.updated'>, { tx }: HandlerContext): Promise<void> {
    await this.access.rememberUser(event.data.id, event.data.username, tx);
  }

  @OnTopic(Topics.FileUploaded)
  async onFileUploaded(event: Envelope<'file.uploaded'>, { tx }: HandlerContext): Promise<void> {
    await this.access.upsertFile(tx, { id: event.data.file_id, ...event.data, scan_status: 'pending' });
  }

  @OnTopic(Topics.FileScanned)
  async onFileScanned(event: Envelope<'file.scanned'>, { tx }: HandlerContext): Promise<void> {
    await this.access.setScanStatus(tx, event.data.file_id, event.data.scan_status);
  }
}
