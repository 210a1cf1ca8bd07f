import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { newTraceId } from '@colink/contracts';

/** What travels with one unit of work: from the HTTP header, through Kafka headers, to socket frames. */
export interface RequestContextValue {
  requestId: string;
  traceId: string;
  actorId?: string | null;
}

const storage = new AsyncLocalStorage<RequestContextValue>();

export const RequestContext = {
  run<T>(value: RequestContextValue, fn: () => T): T {
    return storage.run(value, fn);
  },
  current(): RequestContextValue | undefined {
    return storage.getStore();
  },
  /** The W3C traceparent's trace id when valid, else a new one. */
  traceIdFrom(traceparent: string | undefined): string {
    const match = traceparent?.match(/^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/);
    return match && match[1] !== '0'.repeat(32) ? match[1] : newTraceId();
  },
  requestIdFrom(header: string | undefined): string {
    return header && /^[A-Za-z0-9._:-]{1,128}$/.test(header) ? header : randomUUID();
  },
};
