import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A channel as messaging knows it from channel.* events, with its message counter. */
@Entity({ name: 'channels' })
export class ChannelStateEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  type!: 'public' | 'private' | 'dm';

  @Column({ type: 'timestamptz', name: 'archived_at', nullable: true })
  archivedAt!: Date | null;

  @Column({ type: 'bigint', name: 'last_seq' })
  lastSeq!: string;
}

/** Membership as projected from channel.member_added / channel.member_removed. */
@Entity({ name: 'members' })
export class MembershipEntity {
  @PrimaryColumn({ type: 'uuid', name: 'channel_id' })
  channelId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'text' })
  role!: 'owner' | 'admin' | 'member';
}

/** username -> id, from user.* events and callers' identities, for resolving @mentions. */
@Entity({ name: 'known_users' })
export class KnownUserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** Uploaded files, from file.* events, so that messages can attach them by id. */
@Entity({ name: 'files' })
export class KnownFileEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'channel_id' })
  channelId!: string;

  @Column({ type: 'uuid', name: 'uploader_id' })
  uploaderId!: string;

  @Column({ type: 'text' })
  filename!: string;

  @Column({ type: 'text', name: 'content_type' })
  contentType!: string;

  @Column({ type: 'bigint', name: 'size_bytes' })
  sizeBytes!: string;

  @Column({ type: 'text', name: 'scan_status' })
  scanStatus!: string;
}
