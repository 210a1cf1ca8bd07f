import aws4 from 'aws4';
import type { MongoClient } from 'mongodb';
import { connect } from 'node:net';
import { createRedisClient } from '../redis/redis.service';
import { ReadinessCheck } from './readiness.registry';

/**
 * Readiness probes for the stores a service depends on. Each keeps one client for its lifetime and
 * asks the dependency a question in its own protocol, so "ready" means answering, not just listening.
 * The MongoDB client is loaded on the first probe: a service that never asks for it (all but files)
 * does not pay its start-up time and memory. The S3 probe signs its one request with aws4 (AWS Signature
 * Version 4, one small module) rather than loading the AWS SDK (~6 MiB of heap and its code), which a
 * service that only probes would otherwise carry from its first readiness check.
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
        headers: signedHeaders(url, region, options),
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

/** The headers of a body-less S3 `HEAD` of `url`, signed with AWS Signature Version 4. */
function signedHeaders(
  url: URL,
  region: string,
  keys: { accessKeyId: string; secretAccessKey: string },
): Record<string, string> {
  const signed = aws4.sign(
    { host: url.host, path: url.pathname, method: 'HEAD', service: 's3', region },
    { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {})) {
    if (name.toLowerCase() !== 'host') headers[name] = String(value);
  }
  return headers;
}
