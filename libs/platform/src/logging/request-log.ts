import { trace } from '@opentelemetry/api';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { RequestContext } from '../context/request-context';
import { MetricsService } from '../metrics/metrics.service';

/**
 * What every Nest route gets from the request logging (pino-http) and `HttpMetricsInterceptor`, for a
 * hot route answered by plain Express middleware ahead of Nest's router: the request's span named by
 * its route template (as `httpServerSpans` names a routed one), the request timed under the template,
 * and the access-log line "request completed" ("request errored" at 5xx) with its method, URL,
 * status, response time, `request_id` and `trace_id`. One `finish` listener per request.
 */
export function requestObserver(metrics: MetricsService) {
  return (req: Request, res: Response, route: string): void => {
    const ctx = RequestContext.current();
    const span = trace.getActiveSpan();
    span?.updateName(`${req.method} ${route}`);
    span?.setAttribute('http.route', route);
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const status = res.statusCode;
      const seconds = end({ method: req.method, route, status_code: String(status) });
      const line = {
        request_id: ctx?.requestId,
        trace_id: ctx?.traceId,
        req, // the logger's serializers keep method and URL of the one, the status of the other
        res,
        responseTime: Math.round(seconds * 1000),
      };
      if (status >= 500) PinoLogger.root.error(line, 'request errored');
      else PinoLogger.root.info(line, 'request completed');
    });
  };
}
