import { FieldError } from '@colink/contracts';
import { ProblemException } from '@colink/platform';

/** Every failure the gateway itself answers; the services answer their own. */
export enum GatewayErrorCode {
  PathNotNormalised = 'path-not-normalised',
  NoRoute = 'not-found',
  MethodNotAllowed = 'method-not-allowed',
  RoleRequired = 'forbidden',
  RateLimited = 'rate-limited',
  IdempotencyKeyInvalid = 'idempotency-key-invalid',
  IdempotencyKeyReused = 'idempotency-key-reused',
  IdempotencyInFlight = 'idempotency-in-flight',
  UnsupportedMediaType = 'unsupported-media-type',
  ProvisioningUnavailable = 'provisioning-unavailable',
  UpstreamUnavailable = 'unavailable',
  UpstreamTimeout = 'upstream-timeout',
}

export interface GatewayErrorDetails {
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

/** The one mapping of gateway failures to problem+json: status, default detail, headers. */
export function gatewayError(code: GatewayErrorCode, details: GatewayErrorDetails = {}): ProblemException {
  const { detail, errors, headers } = details;
  const problem = (status: number, fallback: string, extra?: Record<string, string>) =>
    new ProblemException(status, code, detail ?? fallback, errors, { ...extra, ...headers });
  switch (code) {
    case GatewayErrorCode.PathNotNormalised:
      return problem(
        400,
        'The path must be normalised: no "." or ".." segments, no encoded slashes or backslashes.',
      );
    case GatewayErrorCode.NoRoute:
      return problem(404, 'No resource at this path.');
    case GatewayErrorCode.MethodNotAllowed:
      return problem(405, 'This method is not supported here.');
    case GatewayErrorCode.RoleRequired:
      return problem(403, 'Your realm role does not allow this.');
    case GatewayErrorCode.RateLimited:
      return problem(429, 'Too many requests; retry later.');
    case GatewayErrorCode.IdempotencyKeyInvalid:
      return problem(400, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.');
    case GatewayErrorCode.IdempotencyKeyReused:
      return problem(422, 'This Idempotency-Key was used for a different request.');
    case GatewayErrorCode.IdempotencyInFlight:
      return problem(409, 'A request with this Idempotency-Key is still being processed; retry shortly.', {
        'Retry-After': '1',
      });
    case GatewayErrorCode.UnsupportedMediaType:
      return problem(415, 'Request bodies must be application/json.');
    case GatewayErrorCode.ProvisioningUnavailable:
      return problem(503, 'CoLink could not set up your account just now; retry shortly.', {
        'Retry-After': '2',
      });
    case GatewayErrorCode.UpstreamUnavailable:
      return problem(503, 'The service did not answer; retry shortly.', { 'Retry-After': '2' });
    case GatewayErrorCode.UpstreamTimeout:
      return problem(504, 'The service did not answer in time; retry shortly.', { 'Retry-After': '2' });
  }
}
