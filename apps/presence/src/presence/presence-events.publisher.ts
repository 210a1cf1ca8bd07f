import { Topics, buildEnvelope, keyOf } from '@colink/contracts';
import { KafkaService, RequestContext } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { isoOrNull } from './presence-status';
import { PresenceChange } from './presence.types';

/**
 * Publishes `presence.updated` straight to Kafka (acks from all in-sync replicas) before the change
 * is acknowledged. Presence has no database, so there is no transactional outbox: a publish that
 * fails is reported to the caller, and the repository's change is reverted so it is announced again.
 */
@Injectable()
export class PresenceEventsPublisher {
  constructor(private readonly kafka: KafkaService) {}

  async publish(change: PresenceChange, actorId: string | null): Promise<void> {
    const ctx = RequestContext.current();
    const envelope = buildEnvelope(
      Topics.PresenceUpdated,
      { user_id: change.userId, status: change.status, last_seen_at: isoOrNull(change.lastSeenMs) },
      { actorId, traceId: ctx?.traceId },
    );
    const headers: Record<string, string> = { trace_id: envelope.trace_id, event_id: envelope.id };
    if (ctx?.requestId) headers.request_id = ctx.requestId;
    await this.kafka.producer.send({
      topic: Topics.PresenceUpdated,
      acks: -1,
      messages: [
        { key: keyOf(Topics.PresenceUpdated, envelope.data), value: JSON.stringify(envelope), headers },
      ],
    });
  }
}
