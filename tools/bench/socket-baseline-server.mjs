#!/usr/bin/env node
// The baseline of the socket benchmarks: a bare socket.io server, nothing else. `POST /send` numbers
// the message and emits a `message.created` envelope to a room (the `channel_id` of the body, or
// BASELINE_CHANNEL); with the Redis adapter (BASELINE_REDIS_KEY set) the other instances' sockets in
// that room get it too, the way two ws-gateway instances each reach their own sockets. A socket joins
// the rooms its handshake names (`auth.rooms`, as ws-gateway joins the user's room and channel rooms),
// or the one channel room. `typing {channel_id}` is relayed to the room's other sockets and acked;
// `presence.heartbeat` and `sync` are acked. `GET /memory` answers process.memoryUsage(). Run as its own
// process by sockets.mjs and socket-lab.mjs.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const { Server } = require('socket.io');

const PORT = Number(process.env.PORT);
const CHANNEL = process.env.BASELINE_CHANNEL ?? randomUUID();
const ROOM = `channel:${CHANNEL}`;
const seqs = new Map();

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ready') return void res.writeHead(200).end('ok');
  if (req.method === 'GET' && req.url === '/memory')
    return void res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(process.memoryUsage()));
  if (req.method !== 'POST' || req.url !== '/send') return void res.writeHead(404).end();
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const { content, author_id, channel_id = CHANNEL } = JSON.parse(body);
    const seq = (seqs.get(channel_id) ?? 0) + 1;
    seqs.set(channel_id, seq);
    const now = new Date().toISOString();
    const data = {
      id: randomUUID(),
      channel_id,
      seq,
      rev: seq,
      author_id,
      content,
      thread_root_id: null,
      mentions: [],
      created_at: now,
    };
    io.to(`channel:${channel_id}`).emit('message.created', {
      id: randomUUID(),
      type: 'message.created',
      occurred_at: now,
      channel_id,
      seq,
      rev: seq,
      data,
    });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(data));
  });
});

const options = { path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 };
const redis = [];
if (process.env.BASELINE_REDIS_KEY) {
  const { createClient } = require('redis');
  const { createAdapter } = require('@socket.io/redis-adapter');
  const pub = createClient({ url: process.env.REDIS_URL ?? 'redis://localhost:6379' });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', () => undefined);
  await Promise.all([pub.connect(), sub.connect()]);
  redis.push(pub, sub);
  options.adapter = createAdapter(pub, sub, { key: process.env.BASELINE_REDIS_KEY });
}
const io = new Server(server, options);
io.on('connection', (socket) => {
  const rooms = socket.handshake.auth?.rooms;
  void socket.join(Array.isArray(rooms) ? rooms.map(String) : ROOM);
  socket.on('typing', (payload, ack) => {
    const room = `channel:${payload?.channel_id}`;
    if (socket.rooms.has(room))
      socket.to(room).emit('typing', {
        id: randomUUID(),
        type: 'typing',
        occurred_at: new Date().toISOString(),
        channel_id: payload.channel_id,
        data: { channel_id: payload.channel_id, user_id: socket.id },
      });
    if (typeof ack === 'function') ack({ ok: true });
  });
  socket.on('presence.heartbeat', (_payload, ack) => typeof ack === 'function' && ack({ ok: true }));
  socket.on('sync', (_payload, ack) => typeof ack === 'function' && ack({ ok: true, channels: {} }));
});

server.listen(PORT, '127.0.0.1');
const stop = () => {
  io.close();
  for (const client of redis) client.destroy();
  setTimeout(() => process.exit(0), 200).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
