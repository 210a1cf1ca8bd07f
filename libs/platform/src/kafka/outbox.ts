import { Envelope, EnvelopeMeta, PayloadOf, Topic, buildEnvelope, keyOf } from '@colink/contracts';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { OutboxEventEntity } from './outbox-event.entity';

/** The channel the outbox table's trigger notifies on commit (see outbox.migration.ts). */
export function outboxChannel(schema: string): string {
  return `colink_outbox_${schema}`;
}

/**
 * Writes an event into the service's outbox inside the caller's transaction: if the transaction
 * rolls back, the event never existed; if it commits, the relay will publish it.
 */
export class Outbox {
  async enqueue<T extends Topic>(
    manager: EntityManager,
    topic: T,
    data: PayloadOf<T>,
    meta: Partial<EnvelopeMeta> = {},
  ): Promise<Envelope<T>> {
    const ctx = RequestContext.current();
    const envelope = buildEnvelope(topic, data, {
      actorId: meta.actorId ?? ctx?.actorId ?? null,
      traceId: meta.traceId ?? ctx?.traceId,
      id: meta.id,
      occurredAt: meta.occurredAt,
    });
    const headers: Record<string, string> = { trace_id: envelope.trace_id };
    if (ctx?.requestId) headers.request_id = ctx.requestId;
    await manager.insert(OutboxEventEntity, {
      id: envelope.id,
      topic,
      key: keyOf(topic, envelope.data),
      value: envelope,
      headers,
    });
    return envelope;
  }
}
