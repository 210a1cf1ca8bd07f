import type { MongoClient } from 'mongodb';
import { createHash, createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { createRedisClient } from '../redis/redis.service';
import { ReadinessCheck } from './readiness.registry';

/**
 * Readiness probes for the stores a service depends on. Each keeps one client for its lifetime and
 * asks the dependency a question in its own protocol, so "ready" means answering, not just listening.
 * The MongoDB client is loaded on the first probe: a service that never asks for it (all but files)
 * does not pay its start-up time and memory. The S3 probe signs its one request itself (AWS Signature
 * Version 4) rather than loading the AWS SDK (~6 MiB of heap and its code), which a service that
 * only probes would otherwise carry from its first readiness check.
 */
export const checks = {
  redis(url: string): ReadinessCheck {
    const client = createRedisClient(url, 'colink-readiness');
    return async () => {
      if (!client.isOpen) await client.connect();
      const pong = await client.ping();
      if (pong !== 'PONG') throw new Error(`redis answered ${pong}`);
    };
  },

  mongo(url: string): ReadinessCheck {
    let client: MongoClient | undefined;
    return async () => {
      client ??= new (await import('mongodb')).MongoClient(url, { serverSelectionTimeoutMS: 1_500 });
      await client.connect();
      await client.db().command({ ping: 1 });
    };
  },

  s3(options: {
    endpoint: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    region?: string;
  }): ReadinessCheck {
    const region = options.region ?? 'us-east-1';
    const url = new URL(`${options.endpoint.replace(/\/+$/, '')}/${options.bucket}`);
    return async () => {
      // HEAD /<bucket>, path style: 200 when the bucket exists and the keys may read it.
      const response = await fetch(url, {
        method: 'HEAD',
        headers: signS3Request('HEAD', url, region, options),
        signal: AbortSignal.timeout(1_500),
      });
      if (response.status !== 200) throw new Error(`S3 answered ${response.status} for ${options.bucket}`);
    };
  },

  http(
    url: string,
    accept: (status: number, body: string) => boolean = (status) => status < 400,
  ): ReadinessCheck {
    return async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_500) });
      const body = await response.text();
      if (!accept(response.status, body)) throw new Error(`${url} answered ${response.status}`);
    };
  },

  clamd(host: string, port: number): ReadinessCheck {
    return () =>
      new Promise<void>((resolve, reject) => {
        const socket = connect({ host, port });
        let answer = '';
        socket.setTimeout(1_500, () => socket.destroy(new Error('clamd did not answer PING')));
        socket.on('connect', () => socket.write('zPING\0'));
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () =>
          answer.startsWith('PONG')
            ? resolve()
            : reject(new Error(`clamd answered ${JSON.stringify(answer)}`)),
        );
      });
  },
};

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * The headers of an S3 request without a body signed with AWS Signature Version 4 (header-based:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html). The path is used as
 * given (bucket names need no escaping) and the URL has no query.
 */
export function signS3Request(
  method: string,
  url: URL,
  region: string,
  keys: { accessKeyId: string; secretAccessKey: string },
  now = new Date(),
): Record<string, string> {
  const date = now.toISOString().replace(/[-:]|\.\d{3}/g, ''); // 20261205T103000Z
  const day = date.slice(0, 8);
  const payload = sha256('');
  const signed = 'host;x-amz-content-sha256;x-amz-date';
  const canonical = [
    method,
    url.pathname,
    '',
    `host:${url.host}`,
    `x-amz-content-sha256:${payload}`,
    `x-amz-date:${date}`,
    '',
    signed,
    payload,
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${keys.secretAccessKey}`, day);
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    'x-amz-date': date,
    'x-amz-content-sha256': payload,
    authorization: `AWS4-HMAC-SHA256 Credential=${keys.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
  };
}
