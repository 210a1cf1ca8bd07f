import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ChannelType } from '../common/types';

/** A channel or DM. `last_seq` follows message.created; `dm_key` is the sorted member set of a DM. */
@Entity({ name: 'channels' })
export class ChannelEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  type!: ChannelType;

  @Column({ type: 'uuid', name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'archived_at', nullable: true })
  archivedAt!: Date | null;

  @Column({ type: 'int', name: 'member_count' })
  memberCount!: number;

  @Column({ type: 'bigint', name: 'last_seq' })
  lastSeq!: string;

  @Column({ type: 'text', name: 'dm_key', nullable: true })
  dmKey!: string | null;
}
