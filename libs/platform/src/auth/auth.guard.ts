import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ProblemException } from '../errors/problem.exception';
import { RequestContext } from '../context/request-context';
import { Identity, hasAnyRole } from './identity';
import { IDENTITY_HEADER, IdentityVerifier } from './internal-identity';
import { JwtVerifier, TokenRejected } from './jwt-verifier';
import { INTERNAL_CALLERS } from './internal.decorator';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';
import { SERVICE_HEADER, verifyServiceCredential } from './service-credential';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/**
 * `jwt`: the gateway, which verifies the bearer token itself. `internal`: a service behind the
 * gateway, which trusts only the gateway's signed identity header.
 */
export type AuthOptions =
  { mode: 'jwt'; verifier: JwtVerifier } | { mode: 'internal'; secret: string; service: string };

export interface AuthenticatedRequest extends Request {
  identity?: Identity;
}

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly identities?: IdentityVerifier;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {
    if (options.mode === 'internal') this.identities = new IdentityVerifier(options.secret);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    // A socket was authenticated at its handshake: its events carry the identity it got there.
    if (context.getType() === 'ws')
      return this.socketIdentity(context.switchToWs().getClient()) !== undefined;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const callers = this.reflector.getAllAndOverride<string[] | undefined>(INTERNAL_CALLERS, targets);
    // `/internal/*` is service-only even on a route someone forgot to mark.
    if (callers !== undefined || /^\/internal(\/|$)/i.test(req.path))
      this.authenticateService(req, callers ?? []);
    const identity = await this.authenticate(req);
    authenticatedAs(req, identity);
    const roles = this.reflector.getAllAndOverride<string[]>(REQUIRED_ROLES, targets) ?? [];
    if (!hasAnyRole(identity, roles))
      throw ProblemException.forbidden(`This needs the role ${roles.join(' or ')}.`);
    return true;
  }

  private socketIdentity(client: unknown): Identity | undefined {
    return (client as { data?: { identity?: Identity } } | undefined)?.data?.identity;
  }

  private authenticateService(req: Request, callers: string[]): void {
    if (this.options.mode !== 'internal')
      throw ProblemException.forbidden('This route is for services only.');
    const claims = verifyServiceCredential(
      req.header(SERVICE_HEADER),
      this.options.secret,
      this.options.service,
    );
    if (!claims) {
      throw req.header(IDENTITY_HEADER)
        ? ProblemException.forbidden('This route is for services only; a user identity is not enough.')
        : ProblemException.unauthorized('This route needs a service credential.');
    }
    if (callers.length > 0 && !callers.includes(claims.iss))
      throw ProblemException.forbidden(`This route is not for the ${claims.iss} service.`);
  }

  private async authenticate(req: Request): Promise<Identity> {
    if (this.options.mode === 'internal') {
      const identity = this.identities!.verify(req.header(IDENTITY_HEADER));
      if (!identity)
        throw ProblemException.unauthorized('This service accepts requests only through the gateway.');
      return identity;
    }
    return verifyBearer(this.options.verifier, req.header('authorization'));
  }
}

/** Marks `req` as `identity`'s: what routes read (`@CurrentIdentity`) and the actor its events carry. */
export function authenticatedAs(req: Request, identity: Identity): void {
  (req as AuthenticatedRequest).identity = identity;
  const ctx = RequestContext.current();
  if (ctx) ctx.actorId = identity.sub;
}

/** The identity of an `Authorization: Bearer <token>` header, or the 401 that refuses it. */
export async function verifyBearer(verifier: JwtVerifier, header: string | undefined): Promise<Identity> {
  const match = header?.match(/^Bearer ([A-Za-z0-9._~+/-]+=*)$/);
  if (!match) throw ProblemException.unauthorized('A valid bearer token is required.');
  try {
    return await verifier.verify(match[1]);
  } catch (error) {
    if (error instanceof TokenRejected)
      throw ProblemException.unauthorized(`The bearer token was refused: ${error.reason}.`);
    throw error;
  }
}
