import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the channels service knows of a message (from message.* events): enough to count unread and mentions. */
@Entity({ name: 'message_marks' })
export class MessageMarkEntity {
  @PrimaryColumn({ type: 'uuid', name: 'channel_id' })
  channelId!: string;

  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', name: 'message_id' })
  messageId!: string;

  @Column({ type: 'uuid', name: 'user_id' })
  userId!: string;

  @Column({ type: 'boolean', name: 'in_history' })
  inHistory!: boolean;

  @Column({ type: 'uuid', array: true })
  mentions!: string[];

  @Column({ type: 'boolean', name: 'mentions_all' })
  mentionsAll!: boolean;

  @Column({ type: 'boolean' })
  deleted!: boolean;
}
