import { Envelope, Topics } from '@colink/contracts';
import { HandlerContext } from '@colink/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AccessRepository } from '../access.repository';

/**
 * Keeps messaging's view of channels, members, users and files in step with the services that own
 * them. Each effect commits with its dedupe mark, so a redelivered event changes nothing.
 */
@Controller()
export class ProjectionEventsConsumer {
  constructor(private readonly access: AccessRepository) {}

  /** Mutes (messaging enforces them on posting); the other moderation actions are not messaging's. */
  @EventPattern(Topics.ModerationAction)
  async onModerationAction(
    @Payload() event: Envelope<'moderation.action'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    const action = event.data;
    if (action.action === 'mute')
      await this.access.mute(tx, action.target_user_id, action.channel_id, action.expires_at, action.id);
    else if (action.action === 'unmute')
      await this.access.unmute(tx, action.target_user_id, action.channel_id);
  }

  @EventPattern(Topics.ChannelCreated)
  async onChannelCreated(
    @Payload() event: Envelope<'channel.created'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    await this.access.upsertChannel(tx, {
      id: event.data.id,
      type: event.data.type,
      archivedAt: event.data.archived_at,
    });
  }

  @EventPattern(Topics.ChannelUpdated)
  async onChannelUpdated(
    @Payload() event: Envelope<'channel.updated'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    await this.access.upsertChannel(tx, {
      id: event.data.id,
      type: event.data.type,
      archivedAt: event.data.archived_at,
    });
  }

  @EventPattern(Topics.ChannelMemberAdded)
  async onMemberAdded(
    @Payload() event: Envelope<'channel.member_added'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    const { channel_id, channel_type, user_id, role, member_version } = event.data;
    await this.access.upsertChannel(tx, { id: channel_id, type: channel_type });
    await this.access.applyMembership(tx, channel_id, user_id, role, member_version ?? 0);
  }

  @EventPattern(Topics.ChannelMemberRemoved)
  async onMemberRemoved(
    @Payload() event: Envelope<'channel.member_removed'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    const { channel_id, user_id, member_version } = event.data;
    await this.access.applyMembership(tx, channel_id, user_id, null, member_version ?? 0);
  }

  @EventPattern(Topics.UserCreated)
  async onUserCreated(
    @Payload() event: Envelope<'user.created'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    await this.access.rememberUser(event.data.id, event.data.username, tx);
  }

  @EventPattern(Topics.UserUpdated)
  async onUserUpdated(
    @Payload() event: Envelope<'user.updated'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    await this.access.rememberUser(event.data.id, event.data.username, tx);
  }

  @EventPattern(Topics.FileUploaded)
  async onFileUploaded(
    @Payload() event: Envelope<'file.uploaded'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    await this.access.upsertFile(tx, { id: event.data.file_id, ...event.data, scan_status: 'pending' });
  }

  @EventPattern(Topics.FileScanned)
  async onFileScanned(
    @Payload() event: Envelope<'file.scanned'>,
    @Ctx() { tx }: HandlerContext,
  ): Promise<void> {
    await this.access.setScanStatus(tx, event.data.file_id, event.data.scan_status);
  }
}
