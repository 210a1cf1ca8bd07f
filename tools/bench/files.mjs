#!/usr/bin/env node
// tools/colink bench files: upload -> confirm -> scanned clean for 1 MiB and 50 MiB files, the files
// service's memory while it scans 50 MiB (it must stream), and thumbnails per second, each against a
// baseline measured in the same run: the same bytes PUT to S3 and streamed to clamd by this process
// with no service in between, and sharp making the same thumbnails in this process. Loopback only,
// bounded in count and time; starts the built channels and files services itself and cleans up.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { identityHeaders } from './identity.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(root, 'package.json'));
const sharp = require('sharp');
const { S3Client, PutObjectCommand, DeleteObjectCommand } = require('@aws-sdk/client-s3');
const { MongoClient } = require('mongodb');
const pg = require('pg');

const env = process.env;
const run = randomUUID().slice(0, 8);
const secret = `bench-${randomUUID()}`;
const DATABASE_URL = env.DATABASE_URL ?? 'postgres://colink:colink@localhost:5432/colink';
const MONGO = `mongodb://localhost:27017/colink_files_bench_${run}`;
const S3 = { endpoint: env.S3_ENDPOINT ?? 'http://localhost:9000', bucket: env.S3_BUCKET ?? 'colink-files' };
const CLAMD = { host: env.CLAMD_HOST ?? '127.0.0.1', port: Number(env.CLAMD_PORT ?? 3310) };
const schema = `bench_files_channels_${run}`;
const services = [];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const user = { sub: randomUUID(), username: `bench-${run}` };

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...identityHeaders(user, secret) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function start(app, port, extra) {
  const entry = join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
  const child = spawn(process.execPath, [entry], {
    env: {
      ...env,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      INTERNAL_AUTH_SECRET: secret,
      METRICS_PORT: '0',
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  services.push(child);
  return { url: `http://127.0.0.1:${port}`, child, stderr: () => stderr };
}

async function ready(service, name) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`${name} exited: ${service.stderr().slice(-800)}`);
    if ((await fetch(`${service.url}/ready`).catch(() => null))?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`${name} not ready after 60 s`);
    await sleep(200);
  }
}

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** upload-url, PUT, confirm, then poll until the scan is done: the time a person waits. */
async function throughService(files, bytes, contentType, name) {
  const t = performance.now();
  const created = await call(files.url, 'POST', '/api/v1/files/upload-url', {
    channel_id: channelId,
    filename: name,
    content_type: contentType,
    size_bytes: bytes.length,
  });
  if (created.status !== 201)
    throw new Error(`upload-url answered ${created.status}: ${JSON.stringify(created.body)}`);
  const put = await fetch(created.body.upload_url, {
    method: 'PUT',
    headers: created.body.headers,
    body: bytes,
  });
  if (put.status !== 200) throw new Error(`PUT answered ${put.status}`);
  const confirmed = await call(files.url, 'POST', `/api/v1/files/${created.body.file_id}/confirm`);
  if (confirmed.status !== 200) throw new Error(`confirm answered ${confirmed.status}`);
  for (;;) {
    const got = await call(files.url, 'GET', `/api/v1/files/${created.body.file_id}`);
    if (got.body.scan_status !== 'pending') {
      if (got.body.scan_status !== 'clean') throw new Error(`scan said ${got.body.scan_status}`);
      return performance.now() - t;
    }
    if (performance.now() - t > 120_000) throw new Error('scan took over 120 s');
    await sleep(20);
  }
}

function clamdScan(bytes) {
  return new Promise((resolve, reject) => {
    const socket = connect(CLAMD);
    let answer = '';
    socket.on('data', (c) => (answer += c));
    socket.on('error', reject);
    socket.on('close', () => (/OK/.test(answer) ? resolve() : reject(new Error(answer))));
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      for (let o = 0; o < bytes.length; o += 65_536) {
        const part = bytes.subarray(o, o + 65_536);
        const size = Buffer.alloc(4);
        size.writeUInt32BE(part.length);
        socket.write(size);
        socket.write(part);
      }
      socket.write(Buffer.alloc(4));
    });
  });
}

/** The same work with no service: PUT the bytes to S3, stream them to clamd. */
async function bare(s3, bytes) {
  const key = `bench/${run}/${randomUUID()}`;
  const t = performance.now();
  await s3.send(new PutObjectCommand({ Bucket: S3.bucket, Key: key, Body: bytes }));
  await clamdScan(bytes);
  const ms = performance.now() - t;
  await s3.send(new DeleteObjectCommand({ Bucket: S3.bucket, Key: key }));
  return ms;
}

let channelId;
const results = [];
async function main() {
  const cpu = os.cpus();
  console.log(
    `hardware: ${cpu.length} CPUs (${cpu[0]?.model ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
  );
  const channels = start('channels', 14302, {
    DATABASE_SCHEMA: schema,
    SERVICE_NAME: `bench-files-channels-${run}`,
    DATABASE_URL,
  });
  const files = start('files', 14305, {
    MONGODB_URL: MONGO,
    CHANNELS_URL: channels.url,
    SCAN_POLL_MS: '100',
  });
  await Promise.all([ready(channels, 'channels'), ready(files, 'files')]);
  const channel = await call(channels.url, 'POST', '/api/v1/channels', {
    name: `bench-files-${run}`,
    is_private: false,
  });
  if (channel.status !== 201) throw new Error(`create channel answered ${channel.status}`);
  channelId = channel.body.id;
  const s3 = new S3Client({
    endpoint: S3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: env.S3_ACCESS_KEY ?? 'colink',
      secretAccessKey: env.S3_SECRET_KEY ?? 'colink-secret',
    },
  });

  for (const [label, size, count] of [
    ['1 MiB', 2 ** 20, 8],
    ['50 MiB', 50 * 2 ** 20, 3],
  ]) {
    const bytes = Buffer.from(randomBytes(size).toString('base64')).subarray(0, size);
    const service = [];
    const baseline = [];
    let peak = 0;
    const idle = rssMiB(files.child.pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(files.child.pid))), 50);
    for (let i = 0; i < count; i++) {
      baseline.push(await bare(s3, bytes));
      service.push(await throughService(files, bytes, 'text/plain', `f${i}.txt`));
    }
    clearInterval(sampler);
    results.push({
      what: `upload -> clean, ${label} (p50 / p99 of ${count})`,
      value: `${fmt(pct(service, 50), 0)} / ${fmt(pct(service, 99), 0)} ms`,
      baseline: `${fmt(pct(baseline, 50), 0)} / ${fmt(pct(baseline, 99), 0)} ms bare PUT + clamd`,
      ratio: `${fmt(pct(service, 50) / pct(baseline, 50), 2)} / ${fmt(pct(service, 99) / pct(baseline, 99), 2)}`,
    });
    results.push({
      what: `files service RSS while scanning ${label}`,
      value: `${fmt(peak)} MiB peak`,
      baseline: `${fmt(idle)} MiB before`,
      ratio: `+${fmt(peak - idle)} MiB`,
    });
  }

  const images = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      sharp({ create: { width: 2400, height: 1600, channels: 3, background: { r: 40 * i, g: 90, b: 160 } } })
        .png({ compressionLevel: 1 })
        .toBuffer(),
    ),
  );
  let t = performance.now();
  for (const image of images)
    await sharp(image)
      .rotate()
      .resize({ width: 480, height: 480, fit: 'inside' })
      .webp({ quality: 78 })
      .toBuffer();
  const bareRate = images.length / ((performance.now() - t) / 1000);
  t = performance.now();
  await Promise.all(images.map((image, i) => throughService(files, image, 'image/png', `i${i}.png`)));
  const serviceRate = images.length / ((performance.now() - t) / 1000);
  results.push({
    what: `thumbnails/s (${images.length} PNGs 2400x1600, upload to clean)`,
    value: `${fmt(serviceRate, 2)} /s`,
    baseline: `${fmt(bareRate, 2)} /s sharp alone`,
    ratio: fmt(serviceRate / bareRate, 2),
  });
  console.table(results);
}

async function cleanup() {
  for (const child of services) child.kill('SIGTERM');
  await Promise.all(
    services.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))),
  );
  const db = new pg.Pool({ connectionString: DATABASE_URL });
  await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
  await db.end();
  const mongo = await MongoClient.connect(MONGO).catch(() => null);
  await mongo
    ?.db()
    .dropDatabase()
    .catch(() => undefined);
  await mongo?.close();
}

const watchdog = setTimeout(() => {
  console.error('bench files: over 6 minutes, giving up');
  for (const child of services) child.kill('SIGKILL');
  process.exit(1);
}, 6 * 60_000);
watchdog.unref();
try {
  await main();
} catch (error) {
  console.error(`bench files failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
  process.exit(process.exitCode ?? 0);
}
