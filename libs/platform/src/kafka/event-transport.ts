import { Envelope, Topic, isTopic } from '@colink/contracts';
import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Observable, lastValueFrom, throwError } from 'rxjs';
import { DedupeStore } from './dedupe-store';
import { EventConsumer, EventConsumerOptions } from './event-consumer';
import { HandlerContext, TopicHandler } from './handler-context';

/** The service's `KafkaEventTransport`, or null for a service without Kafka (see PlatformModule). */
export const EVENT_TRANSPORT = Symbol('EVENT_TRANSPORT');

export type EventTransportOptions = Omit<EventConsumerOptions, 'handlers' | 'dedupe' | 'db'> & {
  /** Topics the service must handle: listening fails if one has no `@EventPattern` handler, or two. */
  consumes: readonly Topic[];
  /** Made when there is something to consume. */
  dedupe: () => DedupeStore;
};

/**
 * The Nest transport behind every service's `@EventPattern(topic)` handlers: it hosts our
 * `EventConsumer`, so each record is validated against the contract before its handler runs, the
 * handler's effects and the dedupe mark commit in one transaction (`ctx.tx`), a failing handler is
 * retried with backoff and then parked on `<topic>.dlq`. It refuses to listen when a consumed topic
 * has no handler or two, or a handler's topic is not consumed.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;

  constructor(private readonly options: EventTransportOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    let handlers: Map<Topic, TopicHandler<Topic>>;
    try {
      handlers = this.handlers();
    } catch (error) {
      callback(error);
      return;
    }
    if (handlers.size === 0) {
      callback();
      return;
    }
    this.consumer = new EventConsumer({ ...this.options, dedupe: this.options.dedupe(), handlers });
    this.consumer.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  on(): never {
    throw new Error('KafkaEventTransport has no events to listen to');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaEventTransport is not listening');
    return this.consumer as T;
  }

  /** The app's `@EventPattern` handlers by topic, checked against what the service consumes. */
  private handlers(): Map<Topic, TopicHandler<Topic>> {
    const handlers = new Map<Topic, TopicHandler<Topic>>();
    for (const [pattern, handler] of this.messageHandlers) {
      if (!isTopic(pattern)) throw new Error(`@EventPattern(${pattern}) is not a topic of the contract`);
      if (!handler.isEventHandler) throw new Error(`${pattern}: use @EventPattern, not @MessagePattern`);
      if (handler.next) throw new Error(`topic ${pattern} has two @EventPattern handlers`);
      if (!this.options.consumes.includes(pattern))
        throw new Error(`@EventPattern(${pattern}) is not listed in the service's consumes`);
      handlers.set(pattern, (event, ctx) => this.invoke(handler, event, ctx));
    }
    for (const topic of this.options.consumes)
      if (!handlers.has(topic))
        throw new Error(`topic ${topic} is consumed but has no @EventPattern handler`);
    return handlers;
  }

  /** Runs a handler through Nest (pipes, interceptors, filters) and settles whatever it returns. */
  private async invoke(handler: MessageHandler, event: Envelope, ctx: HandlerContext): Promise<void> {
    const result: unknown = await handler(event, ctx);
    await lastValueFrom(this.transformToObservable(result) as Observable<unknown>, {
      defaultValue: undefined,
    });
  }
}

/**
 * Nest's default turns a handler's error into "Internal server error"; the consumer needs the error
 * itself, to retry and to name it on the DLQ.
 */
@Catch()
export class KeepHandlerErrors implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
