import { IDENTITY_HEADER } from '../auth/internal-identity';
import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { RequestContext } from '../context/request-context';

export interface LoggingOptions {
  service: string;
  level: string;
}

/** pino JSON lines carrying `request_id` and `trace_id`; credentials never reach the log. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            messageKey: 'msg',
            timestamp: () => `,"time":"${new Date().toISOString()}"`,
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                `req.headers["${IDENTITY_HEADER}"]`,
                '*.token',
                '*.password',
              ],
              censor: '[masked]',
            },
            genReqId: () => RequestContext.current()?.requestId ?? RequestContext.requestIdFrom(undefined),
            // Read when a line is written, not bound per request: a bound child logger (two pino
            // children per request, and the bindings stringified again when the response ends) cost
            // messaging 3-4 % of its CPU per post, for lines that at the usual levels are never written.
            mixin: () => {
              const ctx = RequestContext.current();
              return ctx ? { request_id: ctx.requestId, trace_id: ctx.traceId } : {};
            },
            autoLogging: {
              ignore: (req: IncomingMessage) => ['/health', '/ready', '/metrics'].includes(req.url ?? ''),
            },
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
              res: (res: ServerResponse) => ({ status_code: res.statusCode }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
