import { Column, Entity, PrimaryColumn } from 'typeorm';
import { MemberRole } from '../common/types';

/** A member of a channel, with their read marker. */
@Entity({ name: 'members' })
export class ChannelMemberEntity {
  @PrimaryColumn({ type: 'uuid', name: 'channel_id' })
  channelId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'text' })
  role!: MemberRole;

  @Column({ type: 'timestamptz', name: 'joined_at' })
  joinedAt!: Date;

  @Column({ type: 'bigint', name: 'last_read_seq' })
  lastReadSeq!: string;
}
