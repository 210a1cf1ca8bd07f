import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from '@colink/platform';
import { GatewayErrorCode, gatewayError } from '../errors/gateway.errors';
import { requestPathVerdict } from './request-path';

const KNOWN_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The first check of every request, before any route is chosen: a path with dot segments, encoded
 * slashes or backslashes is refused (400), and so is a method the gateway never serves (405), so no
 * spelling of a path can reach a route other than the one it names.
 */
export function normalisedPaths() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const verdict = requestPathVerdict(req.originalUrl, res.locals);
    if (!verdict.ok) {
      return sendProblem(
        req,
        res,
        gatewayError(GatewayErrorCode.PathNotNormalised, { detail: `Refused: ${verdict.reason}.` }),
      );
    }
    if (!KNOWN_METHODS.includes(req.method)) {
      const allow = KNOWN_METHODS.join(', ');
      return sendProblem(
        req,
        res,
        gatewayError(GatewayErrorCode.MethodNotAllowed, {
          detail: `${req.method} is not supported; allowed: ${allow}.`,
          headers: { Allow: allow },
        }),
      );
    }
    next();
  };
}
