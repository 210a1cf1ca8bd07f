import {
  AUTH_OPTIONS,
  AuthOptions,
  authenticatedAs,
  MetricsService,
  requestObserver,
  sendProblem,
  verifyBearer,
} from '@colink/platform';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ProxyService } from './proxy.service';

/** What is forwarded: `/api/v1/` and at least one more character, in any case (as Express routes match). */
const API_PATH = /^\/api\/v1\/./i;
/** The route template the request metrics name every forwarded request by. */
export const API_ROUTE = '/api/v1/*path';

/**
 * Every `/api/v1/...` request, as plain Express middleware: the bearer token verified (the same check
 * and 401s as the platform's guard), then `ProxyService`, and any failure answered as problem+json by
 * the platform's filter. The gateway only forwards these, so Nest's per-request route, guard,
 * interceptor and observable chain is not run for them; the rest of the gateway (docs, health,
 * readiness) stays on Nest's routes. Timed and access-logged like Nest's routes are, refusals included.
 */
export function apiProxy(app: INestApplication) {
  const proxy = app.get(ProxyService);
  const metrics = app.get(MetricsService);
  const auth = app.get<AuthOptions>(AUTH_OPTIONS);
  if (auth.mode !== 'jwt') throw new Error('the gateway verifies bearer tokens itself (auth mode jwt)');
  const { verifier } = auth;
  const observe = requestObserver(metrics);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!API_PATH.test(req.path)) return next();
    observe(req, res, API_ROUTE);
    verifyBearer(verifier, req.header('authorization'))
      .then((identity) => {
        authenticatedAs(req, identity);
        return proxy.handle(req, res, identity);
      })
      .catch((error: unknown) => sendProblem(req, res, error));
  };
}
