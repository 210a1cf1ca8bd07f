/**
 * The local stack answers each component's own protocol (tools/stack/stack.sh up, or
 * `docker compose up`). No mocks: every probe talks to the real server at the address from the
 * environment (.stack/env), falling back to the defaults of API.md.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Client as PgClient } from 'pg';
import { createClient } from 'redis';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { TOPIC_PARTITIONS } from '@colink/contracts';
import { stackEnv } from '../stack-env';

/** Sends one clamd command over TCP and resolves with its NUL-terminated reply. */
function clamd(payload: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: stackEnv.clamdHost, port: stackEnv.clamdPort });
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('clamd did not answer within 10 s')));
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (chunk.includes(0)) socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8').replace(/\0+$/, '')));
  });
}

/** zINSTREAM framing: the command, then <4-byte big-endian length><bytes> chunks, then a zero length. */
function instream(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  return Buffer.concat([Buffer.from('zINSTREAM\0'), length, data, Buffer.alloc(4)]);
}

function jwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (!part) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

// The EICAR test string, assembled at run time so this file itself is not flagged by scanners.
const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR', '-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

describe('local stack', () => {
  it('PostgreSQL answers SQL as user colink and has pg_trgm', async () => {
    const client = new PgClient({ connectionString: stackEnv.databaseUrl, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      const one = await client.query<{ one: number }>('select 1 as one');
      expect(one.rows[0]?.one).toBe(1);
      const trgm = await client.query<{ sim: number }>("select similarity('colink', 'colinks') as sim");
      expect(Number(trgm.rows[0]?.sim)).toBeGreaterThan(0.5);
    } finally {
      await client.end();
    }
  });

  it('Redis answers PING', async () => {
    const redis = createClient({ url: stackEnv.redisUrl, socket: { connectTimeout: 5_000 } });
    await redis.connect();
    try {
      await expect(redis.ping()).resolves.toBe('PONG');
    } finally {
      redis.destroy();
    }
  });

  it('Kafka holds every contract topic and its dead-letter twin with the partitions of TOPIC_PARTITIONS', async () => {
    const kafka = new Kafka({
      clientId: 'stack-int-spec',
      brokers: stackEnv.kafkaBrokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 5_000,
      retry: { retries: 3 },
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const expected = Object.entries(TOPIC_PARTITIONS).flatMap(([topic, partitions]) => [
        [topic, partitions],
        [`${topic}.dlq`, partitions],
      ]);
      const meta = await admin.fetchTopicMetadata({ topics: expected.map(([topic]) => String(topic)) });
      const actual = meta.topics.map((topic) => [topic.name, topic.partitions.length]);
      expect(actual.sort()).toEqual(expected.sort());
    } finally {
      await admin.disconnect();
    }
  });

  it('the MongoDB-wire server stores and finds a document', async () => {
    const client = new MongoClient(stackEnv.mongodbUrl, { serverSelectionTimeoutMS: 5_000 });
    await client.connect();
    try {
      const files = client.db().collection<{ _id: string; name: string; size: number }>('stack_probe');
      const id = randomUUID();
      await files.insertOne({ _id: id, name: 'probe.txt', size: 5 });
      await expect(files.findOne({ _id: id })).resolves.toEqual({ _id: id, name: 'probe.txt', size: 5 });
      await files.deleteOne({ _id: id });
    } finally {
      await client.close();
    }
  });

  it('S3 (MinIO) round-trips an object in the files bucket', async () => {
    const s3 = new S3Client({
      endpoint: stackEnv.s3Endpoint,
      region: process.env.S3_REGION ?? 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: stackEnv.s3AccessKey, secretAccessKey: stackEnv.s3SecretKey },
    });
    try {
      const key = `stack-probe/${randomUUID()}.txt`;
      const body = `hello from the stack probe ${key}`;
      await s3.send(
        new PutObjectCommand({ Bucket: stackEnv.s3Bucket, Key: key, Body: body, ContentType: 'text/plain' }),
      );
      const got = await s3.send(new GetObjectCommand({ Bucket: stackEnv.s3Bucket, Key: key }));
      expect(got.Body).toBeDefined();
      await expect(got.Body?.transformToString()).resolves.toBe(body);
    } finally {
      s3.destroy();
    }
  });

  it('Keycloak issues a token for alice via colink-cli with role admin and audience colink-api', async () => {
    const res = await fetch(`${stackEnv.keycloakUrl}/realms/colink/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'colink-cli',
        username: 'alice',
        password: 'colink-demo',
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    const claims = jwtPayload(body.access_token);
    // Access tokens live 15 minutes (the token's own exp - iat; expires_in is rounded down across a second).
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
    expect(body.expires_in).toBeGreaterThanOrEqual(899);
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    expect(aud).toContain('colink-api');
    const realmAccess = claims.realm_access as { roles?: string[] } | undefined;
    expect(realmAccess?.roles).toEqual(expect.arrayContaining(['admin', 'member']));
    expect(claims.preferred_username).toBe('alice');
    expect(typeof claims.email).toBe('string');
    expect(typeof claims.name).toBe('string');
  });

  it('OpenSearch cluster health is not red', async () => {
    const res = await fetch(`${stackEnv.opensearchUrl}/_cluster/health`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as { status: string };
    expect(['green', 'yellow']).toContain(health.status);
  });

  it('clamd reports the EICAR test string as FOUND and a clean buffer as OK', async () => {
    await expect(clamd(Buffer.from('zPING\0'))).resolves.toBe('PONG');
    await expect(clamd(instream(Buffer.from(EICAR)))).resolves.toMatch(/^stream: \S+ FOUND$/);
    await expect(clamd(instream(Buffer.from('just a clean text file\n')))).resolves.toBe('stream: OK');
  });

  it('Prometheus is ready', async () => {
    const res = await fetch(`${stackEnv.prometheusUrl}/-/ready`);
    expect(res.status).toBe(200);
  });
});
