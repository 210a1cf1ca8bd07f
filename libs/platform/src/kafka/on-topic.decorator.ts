import { Envelope, Topic } from '@colink/contracts';
import { SetMetadata } from '@nestjs/common';
import { Tx } from '../database/sql';

export const ON_TOPIC = 'colink:on-topic';

/** What a handler gets with its event: the transaction its effects and the dedupe mark share. */
export interface HandlerContext {
  tx: Tx;
  partition: number;
  offset: string;
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

/**
 * Marks a provider method as the handler of `topic`. The method's parameter type must be that
 * topic's envelope, so pairing a handler with the wrong topic fails to compile.
 */
export function OnTopic<T extends Topic>(topic: T) {
  return (
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<TopicHandler<T>>,
  ): void => {
    SetMetadata(ON_TOPIC, topic)(target, key, descriptor);
  };
}
