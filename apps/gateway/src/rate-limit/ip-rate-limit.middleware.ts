import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from '@colink/platform';
import { GatewayErrorCode, gatewayError } from '../errors/gateway.errors';
import { Budget, RateDecision, RateLimiter, isWrite } from './rate-limiter';

/** Where a request's address budget waits to be counted with its user's (`ProxyService`). */
const DEFERRED = 'colinkIpBudget';

/**
 * The address budget of a request that carries a token for the API, taken over by the caller: it
 * is then counted in the same Redis round trip as the user's budget. Null when there is none to take.
 */
export function takeDeferredIpBudget(res: Response): Budget | null {
  const budget = (res.locals[DEFERRED] as Budget | undefined) ?? null;
  res.locals[DEFERRED] = undefined;
  return budget;
}

export function ipRefusal(decision: RateDecision, write: boolean) {
  return gatewayError(GatewayErrorCode.RateLimited, {
    detail: `Too many ${write ? 'writes' : 'reads'} from this address; retry in ${decision.retryAfterS} s.`,
    headers: { 'Retry-After': String(decision.retryAfterS) },
  });
}

/**
 * The per-IP budget, checked first on every path of the gateway whatever its spelling (API, socket.io
 * handshakes and polling, docs, health, the web app): it also caps floods of bad tokens and paths.
 * Runs as plain Express middleware ahead of Nest, so it writes its problem+json itself.
 *
 * An `/api/v1/` request with a token is let on and its address budget counted with the user's budget
 * once the token is verified (one Redis round trip instead of two); if it is answered before that
 * (a bad token, a refused path), the budget is counted when the answer is sent. An address seen over
 * its budget in the current window is refused here at once, without Redis.
 */
export function ipRateLimit(limiter: RateLimiter, reads: number, writes: number) {
  const logger = new Logger('IpRateLimit');
  return (req: Request, res: Response, next: NextFunction): void => {
    const write = isWrite(req.method);
    const budget = { key: `ip:${req.ip}:${write ? 'w' : 'r'}`, limit: write ? writes : reads };
    const spent = limiter.spentAlready(budget);
    if (spent) return sendProblem(req, res, ipRefusal(spent, write));
    if (req.headers.authorization !== undefined && req.path.startsWith('/api/v1/')) {
      res.locals[DEFERRED] = budget;
      res.once('close', () => {
        const left = takeDeferredIpBudget(res);
        if (left) limiter.consume([left]).catch(() => undefined);
      });
      return next();
    }
    limiter
      .consume([budget])
      .then((decision) => {
        if (decision.allowed) return next();
        sendProblem(req, res, ipRefusal(decision, write));
      })
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'rate limiter unavailable; letting the request through');
        next();
      });
  };
}
