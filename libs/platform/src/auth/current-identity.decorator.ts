import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { ProblemException } from '../errors/problem.exception';
import type { AuthenticatedRequest } from './auth.guard';
import { Identity } from './identity';

/** The verified caller of this request. */
export const CurrentIdentity = createParamDecorator((_: unknown, ctx: ExecutionContext): Identity => {
  const identity = ctx.switchToHttp().getRequest<AuthenticatedRequest>().identity;
  if (!identity) throw ProblemException.unauthorized();
  return identity;
});
