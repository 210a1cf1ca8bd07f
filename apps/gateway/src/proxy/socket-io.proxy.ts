import type { RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { formatPath, normaliseRequestPath } from './request-path';

export interface SocketIoProxy {
  /** HTTP long-polling requests under `/socket.io`. */
  middleware: RequestHandler;
  /** WebSocket upgrades under `/socket.io`: the HTTP server's `upgrade` listener. */
  upgrade: (req: IncomingMessage, socket: Socket, head: Buffer) => void;
}

/** Decides, before an upgrade is proxied, whether this address still has budget (`false`: 429). */
export type UpgradeBudget = (req: IncomingMessage) => Promise<boolean>;

const MAYBE_SOCKET_IO = /socket|%/i;

function isSocketIoPath(rawUrl: string): boolean {
  const verdict = normaliseRequestPath(rawUrl);
  if (!verdict.ok) return false;
  const path = formatPath(verdict.path);
  return path === '/socket.io' || path === '/socket.io/' || path.startsWith('/socket.io/');
}

/** Answers an upgrade the gateway will not serve, then closes the socket at once. */
function refuseUpgrade(socket: Socket, status: 400 | 404 | 429, reason: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ status, detail: reason });
  socket.write(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
  // A peer that stops reading must not keep the socket alive either.
  setTimeout(() => socket.destroy(), 1_000).unref();
}

/**
 * `/socket.io` goes to ws-gateway: it checks the token itself at the handshake, so the bearer check
 * does not apply here, but the per-IP budget does (polling through the Express middleware, upgrades
 * here). An upgrade for any other path is refused and closed at once.
 */
export function socketIoProxy(target: string, budget: UpgradeBudget): SocketIoProxy {
  const options = {
    target,
    pathFilter: (_path: string, req: IncomingMessage) => isSocketIoPath(req.url ?? ''),
    xfwd: true,
  };
  // Long-polling goes through the HTTP middleware. Upgrades go only through `upgrade` below, after the
  // budget: a middleware made with `ws: true` would subscribe itself to the server's upgrade event on
  // its first request and proxy every later upgrade before the budget had answered.
  const polling = createProxyMiddleware<IncomingMessage>({ ...options, ws: false });
  const proxy = createProxyMiddleware<IncomingMessage>({ ...options, ws: true });
  return {
    // Only a URL that could spell /socket.io (its letters in some case, or percent-escapes) is looked
    // at further: every API request passes here, and the proxy's own filter parses the URL first.
    middleware: ((req, res, next) =>
      MAYBE_SOCKET_IO.test(req.url)
        ? (polling as unknown as RequestHandler)(req, res, next)
        : next()) as RequestHandler,
    upgrade: (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      if (!isSocketIoPath(req.url ?? '')) return refuseUpgrade(socket, 404, 'Not Found');
      budget(req).then(
        (allowed) => {
          if (!allowed) return refuseUpgrade(socket, 429, 'Too Many Requests');
          proxy.upgrade(req, socket, head);
        },
        () => proxy.upgrade(req, socket, head),
      );
    },
  };
}
