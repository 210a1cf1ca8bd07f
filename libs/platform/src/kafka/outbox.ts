import { Envelope, EnvelopeMeta, PayloadOf, Topic, buildEnvelope, keyOf } from '@colink/contracts';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../context/request-context';
import { OutboxEventEntity } from './outbox-event.entity';

/** The channel the outbox table's trigger notifies on commit (see outbox.migration.ts). */
export function outboxChannel(schema: string): string {
  return `colink_outbox_${schema}`;
}

/** An outbox row ready to insert: what `Outbox.prepare` builds and `Outbox.enqueue` writes. */
export interface OutboxRow<T extends Topic = Topic> {
  id: string;
  topic: T;
  key: string;
  value: Envelope<T>;
  headers: Record<string, string>;
}

/**
 * Writes an event into the service's outbox inside the caller's transaction: if the transaction
 * rolls back, the event never existed; if it commits, the relay will publish it.
 */
export class Outbox {
  /**
   * Builds and validates the row without writing it, for a caller that inserts it itself in the
   * same statement as its change (columns: id, topic, key, value, headers).
   */
  prepare<T extends Topic>(topic: T, data: PayloadOf<T>, meta: Partial<EnvelopeMeta> = {}): OutboxRow<T> {
    const ctx = RequestContext.current();
    const envelope = buildEnvelope(topic, data, {
      actorId: meta.actorId ?? ctx?.actorId ?? null,
      traceId: meta.traceId ?? ctx?.traceId,
      id: meta.id,
      occurredAt: meta.occurredAt,
    });
    const headers: Record<string, string> = { trace_id: envelope.trace_id };
    if (ctx?.requestId) headers.request_id = ctx.requestId;
    return { id: envelope.id, topic, key: keyOf(topic, envelope.data), value: envelope, headers };
  }

  async enqueue<T extends Topic>(
    manager: EntityManager,
    topic: T,
    data: PayloadOf<T>,
    meta: Partial<EnvelopeMeta> = {},
  ): Promise<Envelope<T>> {
    const row = this.prepare(topic, data, meta);
    await manager.insert(OutboxEventEntity, row);
    return row.value;
  }
}
