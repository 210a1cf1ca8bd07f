import type { RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

export interface SocketIoProxy {
  /** HTTP long-polling requests under `/socket.io`. */
  middleware: RequestHandler;
  /** WebSocket upgrades under `/socket.io`: the HTTP server's `upgrade` listener. */
  upgrade: (req: IncomingMessage, socket: Socket, head: Buffer) => void;
}

/**
 * `/socket.io` goes to ws-gateway untouched: it checks the token itself at the handshake, so neither
 * the bearer check nor the API rate budgets apply here.
 */
export function socketIoProxy(target: string): SocketIoProxy {
  const proxy = createProxyMiddleware<IncomingMessage>({
    target,
    pathFilter: (path) => path === '/socket.io' || path.startsWith('/socket.io/'),
    ws: true,
    xfwd: true,
  });
  return {
    middleware: proxy as unknown as RequestHandler,
    upgrade: (req, socket, head) => proxy.upgrade(req, socket, head),
  };
}
