import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { RequestContext } from './request-context';

/** Opens the request's context and answers with its `X-Request-Id`. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const requestId = RequestContext.requestIdFrom(req.header('x-request-id'));
    // The request's span (tracing on) has the caller's trace id or a new one; otherwise the header's.
    const span = trace.getSpanContext(context.active());
    const traceId =
      span && isSpanContextValid(span) ? span.traceId : RequestContext.traceIdFrom(req.header('traceparent'));
    res.setHeader('X-Request-Id', requestId);
    RequestContext.run({ requestId, traceId }, () => next());
  }
}
