import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A message or thread reply; `seq` is per channel, without gaps. Deleted messages stay as tombstones. */
@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid', name: 'channel_id' })
  channelId!: string;

  @Column({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'uuid', name: 'thread_root_id', nullable: true })
  threadRootId!: string | null;

  @Column({ type: 'boolean', name: 'also_send_to_channel' })
  alsoSendToChannel!: boolean;

  @Column({ type: 'int', name: 'reply_count' })
  replyCount!: number;

  @Column({ type: 'timestamptz', name: 'last_reply_at', nullable: true })
  lastReplyAt!: Date | null;

  @Column({ type: 'uuid', array: true })
  mentions!: string[];

  @Column({ type: 'boolean', name: 'mentions_channel' })
  mentionsChannel!: boolean;

  @Column({ type: 'boolean', name: 'mentions_here' })
  mentionsHere!: boolean;

  @Column({ type: 'jsonb' })
  files!: unknown[];

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'edited_at', nullable: true })
  editedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;

  @Column({ type: 'uuid', name: 'deleted_by', nullable: true })
  deletedBy!: string | null;
}

/** An earlier version of a message, kept when its author edits it. */
@Entity({ name: 'message_edits' })
export class MessageEditEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'message_id' })
  messageId!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'replaced_at' })
  replacedAt!: Date;

  @Column({ type: 'uuid', name: 'edited_by' })
  editedBy!: string;
}

/** One user's reaction with one emoji: the primary key makes adding it twice a no-op. */
@Entity({ name: 'reactions' })
export class ReactionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'message_id' })
  messageId!: string;

  @PrimaryColumn({ type: 'text' })
  emoji!: string;

  @PrimaryColumn({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
