import { Socket, io } from 'socket.io-client';

/** A socket.io client connected through `url` (the gateway) with `token`, as the web app connects. */
export function connectSocket(url: string, token: string): Promise<Socket> {
  const socket = io(url, { path: '/socket.io', auth: { token }, reconnection: false, timeout: 10_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}
