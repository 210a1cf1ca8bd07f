import { FieldError } from '@colink/contracts';

/**
 * A failure the caller can act on. Each feature defines its codes and maps them here once; the
 * global filter turns this into problem+json.
 */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'ProblemException';
  }

  static badRequest(detail: string, errors?: FieldError[]): ProblemException {
    return new ProblemException(400, 'bad-request', detail, errors);
  }
  static unauthorized(detail = 'A valid bearer token is required.'): ProblemException {
    return new ProblemException(401, 'unauthorized', detail);
  }
  static forbidden(detail = 'You are not allowed to do this.'): ProblemException {
    return new ProblemException(403, 'forbidden', detail);
  }
}
