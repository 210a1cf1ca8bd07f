import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { FieldError, PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemDetails } from '@colink/contracts';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { ProblemException } from './problem.exception';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

const CODES: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'rate-limited',
  503: 'unavailable',
};

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

interface Resolved {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

/**
 * Every error leaves as RFC 9457 problem+json. What the caller caused is described; anything
 * unexpected is logged with an error id and only that id is returned: never a stack trace.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(http.getRequest<Request>(), http.getResponse<Response>(), exception);
  }

  /** Answers `exception` as problem+json on `res`; nothing once the answer has started. */
  send(req: Request, res: Response, exception: unknown): void {
    const { body, headers } = this.toProblem(exception, req.originalUrl ?? req.url);
    if (res.headersSent) return;
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  toProblem(
    exception: unknown,
    instance: string,
  ): { body: ProblemDetails; headers?: Record<string, string> } {
    const resolved = this.resolve(exception);
    const body: ProblemDetails = {
      type: `${PROBLEM_TYPE_BASE}${resolved.code}`,
      title: TITLES[resolved.status] ?? 'Error',
      status: resolved.status,
      detail: resolved.detail,
      instance,
      ...(resolved.errors ? { errors: resolved.errors } : {}),
    };
    if (resolved.status >= 500 && resolved.code === 'internal') {
      body.error_id = randomUUID();
      this.logger.error({ err: exception, error_id: body.error_id }, 'unexpected error');
    }
    return { body, headers: resolved.headers };
  }

  private resolve(exception: unknown): Resolved {
    if (exception instanceof ProblemException) {
      return {
        status: exception.status,
        code: exception.code,
        detail: exception.detail,
        errors: exception.errors,
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      return {
        status,
        code: CODES[status] ?? (status >= 500 ? 'internal' : 'error'),
        detail: typeof message === 'string' ? message : exception.message,
      };
    }
    // body-parser errors: malformed JSON, too large, bad charset. They are the caller's doing.
    const parserError = exception as BodyParserError;
    if (parserError && typeof parserError.status === 'number' && parserError.expose) {
      if (parserError.type === 'entity.parse.failed') {
        return { status: 400, code: 'malformed-json', detail: 'The request body is not valid JSON.' };
      }
      if (parserError.type === 'entity.too.large') {
        return {
          status: 413,
          code: 'payload-too-large',
          detail: 'The request body is larger than this endpoint accepts.',
        };
      }
      return {
        status: parserError.status,
        code: CODES[parserError.status] ?? 'bad-request',
        detail: 'The request body could not be read.',
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'internal',
      detail: 'An unexpected error occurred.',
    };
  }
}

const problems = new ProblemFilter();

/**
 * For a route answered by plain Express middleware ahead of Nest's router: the problem+json the
 * filter writes for `exception` (an unexpected error logged with an error id, and only the id
 * answered). Nothing once the answer has started.
 */
export function sendProblem(req: Request, res: Response, exception: unknown): void {
  problems.send(req, res, exception);
}
