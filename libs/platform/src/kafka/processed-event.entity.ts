import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Event ids a consumer group has already applied: the dedupe half of exactly-once effects. */
@Entity({ name: 'processed_events' })
export class ProcessedEventEntity {
  @PrimaryColumn({ type: 'text', name: 'consumer_group' })
  consumerGroup!: string;

  @PrimaryColumn({ type: 'uuid', name: 'event_id' })
  eventId!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'processed_at' })
  processedAt!: Date;
}
