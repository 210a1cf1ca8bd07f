import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '@colink/contracts';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RateLimiter, isWrite } from './rate-limiter';

/**
 * The per-IP budget, checked before the token is: it also caps floods of bad tokens. Runs as plain
 * Express middleware ahead of Nest, so it writes its problem+json itself.
 */
export function ipRateLimit(limiter: RateLimiter, reads: number, writes: number) {
  const logger = new Logger('IpRateLimit');
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.path.startsWith('/api/v1/')) return next();
    const write = isWrite(req.method);
    limiter
      .consume([{ key: `ip:${req.ip}:${write ? 'w' : 'r'}`, limit: write ? writes : reads }])
      .then((decision) => {
        if (decision.allowed) return next();
        res.setHeader('Retry-After', String(decision.retryAfterS));
        res
          .status(429)
          .type(PROBLEM_CONTENT_TYPE)
          .send(
            JSON.stringify({
              type: `${PROBLEM_TYPE_BASE}rate-limited`,
              title: 'Too Many Requests',
              status: 429,
              detail: `Too many ${write ? 'writes' : 'reads'} from this address; retry in ${decision.retryAfterS} s.`,
              instance: req.originalUrl,
            }),
          );
      })
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'rate limiter unavailable; letting the request through');
        next();
      });
  };
}
