import { Topics } from '@colink/contracts';
import { KafkaService } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { isoOrNull } from './presence-status';
import { PresenceChange } from './presence.types';

/**
 * Publishes `presence.updated` straight to Kafka before the change is acknowledged. Presence has no
 * database, so there is no transactional outbox: a publish that fails is reported to the caller,
 * and the repository's change is reverted so it is announced again.
 */
@Injectable()
export class PresenceEventsPublisher {
  constructor(private readonly kafka: KafkaService) {}

  async publish(change: PresenceChange, actorId: string | null): Promise<void> {
    await this.kafka.publish(
      Topics.PresenceUpdated,
      { user_id: change.userId, status: change.status, last_seen_at: isoOrNull(change.lastSeenMs) },
      { actorId },
    );
  }
}
