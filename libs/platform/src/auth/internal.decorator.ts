import { SetMetadata } from '@nestjs/common';

export const INTERNAL_CALLERS = 'colink:internal-callers';

/**
 * A route for other services only (every `/internal/*` route carries it): the caller must present a
 * service credential for this service from one of `callers`; a user identity alone is refused.
 */
export const Internal = (...callers: string[]): MethodDecorator & ClassDecorator =>
  SetMetadata(INTERNAL_CALLERS, callers);
