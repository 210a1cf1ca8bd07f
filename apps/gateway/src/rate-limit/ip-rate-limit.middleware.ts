import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { GatewayErrorCode, gatewayError, sendProblem } from '../errors/gateway.errors';
import { RateLimiter, isWrite } from './rate-limiter';

/**
 * The per-IP budget, checked first on every path of the gateway whatever its spelling (API, socket.io
 * handshakes and polling, docs, health, the web app): it also caps floods of bad tokens and paths.
 * Runs as plain Express middleware ahead of Nest, so it writes its problem+json itself.
 */
export function ipRateLimit(limiter: RateLimiter, reads: number, writes: number) {
  const logger = new Logger('IpRateLimit');
  return (req: Request, res: Response, next: NextFunction): void => {
    const write = isWrite(req.method);
    limiter
      .consume([{ key: `ip:${req.ip}:${write ? 'w' : 'r'}`, limit: write ? writes : reads }])
      .then((decision) => {
        if (decision.allowed) return next();
        sendProblem(
          req,
          res,
          gatewayError(GatewayErrorCode.RateLimited, {
            detail: `Too many ${write ? 'writes' : 'reads'} from this address; retry in ${decision.retryAfterS} s.`,
            headers: { 'Retry-After': String(decision.retryAfterS) },
          }),
        );
      })
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'rate limiter unavailable; letting the request through');
        next();
      });
  };
}
