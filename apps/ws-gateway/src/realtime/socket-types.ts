import { ClientToServerEvents, ServerToClientEvents } from '@colink/contracts';
import { Identity } from '@colink/platform';
import type { Server, Socket } from 'socket.io';

/** What the handshake leaves on every socket. */
export interface SocketData {
  identity: Identity;
  channelIds: string[];
  /** When the token the socket last presented expires (ms): the socket ends then unless refreshed. */
  expiresAtMs: number;
}

/** The socket.io server and sockets, typed by the contract's event maps. */
export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type RealtimeSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
