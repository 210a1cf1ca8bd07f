import { Envelope, Topic } from '@colink/contracts';
import { Tx } from '../database/sql';

/**
 * The second argument of an `@EventPattern(topic)` handler (`@Ctx()`): the transaction its effects
 * and the dedupe mark share, and where the record came from.
 */
export interface HandlerContext {
  tx: Tx;
  partition: number;
  offset: string;
  /** The record's Kafka headers as text (the producer's `trace_id`, `request_id` when it had one). */
  headers: Record<string, string>;
  /**
   * With deferred acknowledgement: commits this record's offset (so every earlier record of its
   * partition too) once its effect is durable, e.g. after a bulk write. Otherwise a no-op: the
   * consumer commits when the handler returns.
   */
  commit: () => Promise<void>;
  /** Tells the group coordinator this consumer is alive while a handler waits (backpressure). */
  heartbeat: () => Promise<void>;
}

export type TopicHandler<T extends Topic> = (event: Envelope<T>, ctx: HandlerContext) => Promise<void>;
