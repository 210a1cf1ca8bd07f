#!/usr/bin/env node
// The bare baselines of the knee, in their own process like the services they stand for:
// - `POST /echo`: a plain HTTP server answering the JSON body it got (the gateway's floor);
// - `POST /send {channel_id, content}`: a bare socket.io server numbering the message and emitting a
//   `message.created` envelope to the channel's room, nothing else (the pipeline's floor). A socket
//   joins the rooms it names in its handshake (`auth.rooms`), as ws-gateway joins a member's channels.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { Server } = createRequire(join(root, 'package.json'))('socket.io');
const seqs = new Map();

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ready') return void res.writeHead(200).end('ok');
  if (req.method !== 'POST') return void res.writeHead(404).end();
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const parsed = JSON.parse(body);
    if (req.url === '/echo')
      return void res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: randomUUID(), ...parsed }));
    if (req.url !== '/send') return void res.writeHead(404).end();
    const seq = (seqs.get(parsed.channel_id) ?? 0) + 1;
    seqs.set(parsed.channel_id, seq);
    const now = new Date().toISOString();
    const data = {
      id: randomUUID(),
      channel_id: parsed.channel_id,
      seq,
      user_id: parsed.user_id,
      content: parsed.content,
      thread_root_id: null,
      mentions: [],
      created_at: now,
    };
    io.to(`channel:${parsed.channel_id}`).emit('message.created', {
      id: randomUUID(),
      type: 'message.created',
      occurred_at: now,
      channel_id: parsed.channel_id,
      seq,
      data,
    });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(data));
  });
});

const io = new Server(server, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 });
io.on('connection', (socket) => {
  const rooms = Array.isArray(socket.handshake.auth?.rooms) ? socket.handshake.auth.rooms : [];
  void socket.join(rooms.map((id) => `channel:${id}`));
  socket.on('presence.heartbeat', (_payload, ack) => typeof ack === 'function' && ack({ ok: true }));
  socket.on('typing', (payload, ack) => {
    if (payload?.channel_id) socket.to(`channel:${payload.channel_id}`).emit('typing', payload);
    if (typeof ack === 'function') ack({ ok: true });
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1');
const stop = () => {
  io.close();
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
