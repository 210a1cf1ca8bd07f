import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { SocketAckError, SocketErrorCodes } from '@colink/contracts';
import { randomUUID } from 'node:crypto';
import { ProblemException } from '../errors/problem.exception';
import { SocketRefusal } from './socket-refusal';

type Ack = (answer: SocketAckError) => void;

/**
 * The socket counterpart of `ProblemFilter`: a failed `@SubscribeMessage` handler answers through its
 * ack (`{ok: false, error, message}`), never by throwing on the socket. `ZodPipe`'s 400 becomes
 * `invalid_payload` with one issue per field; anything unexpected is logged with an id and answered
 * `internal`.
 */
@Catch()
export class SocketAckFilter implements ExceptionFilter {
  private readonly logger = new Logger('SocketAckFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ack = host.getArgByIndex<unknown>(2);
    const answer = this.answer(exception, host);
    if (typeof ack === 'function') (ack as Ack)(answer);
  }

  private answer(exception: unknown, host: ArgumentsHost): SocketAckError {
    if (exception instanceof SocketRefusal) return exception.ack;
    if (exception instanceof ProblemException && exception.status === 400)
      return {
        ok: false,
        error: SocketErrorCodes.InvalidPayload,
        message: 'the payload does not match the event schema',
        issues: (exception.errors ?? []).map((issue) => `${issue.field}: ${issue.message}`),
      };
    if (exception instanceof ProblemException && (exception.status === 401 || exception.status === 403))
      return { ok: false, error: SocketErrorCodes.Unauthorized, message: exception.detail };
    const errorId = randomUUID();
    const pattern = host.getArgByIndex<unknown>(3);
    this.logger.error({ err: exception, error_id: errorId, event: pattern }, 'socket event failed');
    return { ok: false, error: SocketErrorCodes.Internal, message: `the event failed (error id ${errorId})` };
  }
}
