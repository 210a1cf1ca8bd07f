import { ChannelMessagesParamsSchema, PostMessageSchema } from '@colink/contracts';
import {
  AUTH_OPTIONS,
  AuthOptions,
  authenticatedAs,
  IDENTITY_HEADER,
  IdentityVerifier,
  MetricsService,
  requestObserver,
  sendProblem,
} from '@colink/platform';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MessagesService } from './messages.service';

/** `POST /api/v1/channels/{id}/messages`, exactly as written (any other spelling goes to Nest's route). */
const POST_PATH = /^\/api\/v1\/channels\/([^/]+)\/messages$/;
/** The route template of ChannelMessagesController.post, which the request metrics name it by. */
export const POST_ROUTE = '/api/v1/channels/:id/messages';

/**
 * The hot route, posting a message, as plain Express middleware ahead of Nest's router: Nest's
 * per-request route, guard, pipe, interceptor and observable chain cost messaging a quarter to a
 * third of its CPU per post (docs/performance.md). It answers only a request Nest's route would take
 * as valid: a signed identity this service verifies, a path id and a body its schemas accept; any
 * other request goes on to ChannelMessagesController, which answers its 400 or 401 as before. What
 * the service refuses is answered by the platform's problem filter, and the request is timed under
 * the controller's route template and access-logged as Nest's routes are.
 */
export function postRoute(app: INestApplication) {
  const messages = app.get(MessagesService);
  const metrics = app.get(MetricsService);
  const auth = app.get<AuthOptions>(AUTH_OPTIONS);
  if (auth.mode !== 'internal') throw new Error('messaging trusts the gateway identity (auth mode internal)');
  const identities = new IdentityVerifier(auth.secret);
  const observe = requestObserver(metrics);
  return (req: Request, res: Response, next: NextFunction): void => {
    const path = req.method === 'POST' ? POST_PATH.exec(req.path) : null;
    if (!path) return next();
    const identity = identities.verify(req.header(IDENTITY_HEADER));
    const params = ChannelMessagesParamsSchema.safeParse({ id: path[1] });
    const body = PostMessageSchema.safeParse(req.body);
    if (!identity || !params.success || !body.success) return next();
    authenticatedAs(req, identity);
    observe(req, res, POST_ROUTE);
    messages.post(identity, params.data.id, body.data).then(
      (view) => created(res, view),
      (error: unknown) => sendProblem(req, res, error),
    );
  };
}

/**
 * The 201 written at once, with the type and length `res.json` would send: express's `res.send` also
 * hashes every body for a weak ETag (nothing reads one on a created message; the API has none) and
 * re-parses the content type to add its charset, about 40 us of CPU per request in a bare express app
 * (docs/performance.md).
 */
function created(res: Response, view: unknown): void {
  const body = JSON.stringify(view);
  res.statusCode = 201;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
