import type { S3Client } from '@aws-sdk/client-s3';
import type { MongoClient } from 'mongodb';
import { connect } from 'node:net';
import { createRedisClient } from '../redis/redis.service';
import { ReadinessCheck } from './readiness.registry';

/**
 * Readiness probes for the stores a service depends on. Each keeps one client for its lifetime and
 * asks the dependency a question in its own protocol, so "ready" means answering, not just listening.
 * The MongoDB and S3 clients are loaded on the first probe: a service that never asks for them (all
 * but files and bi-exporter) does not pay their start-up time and memory.
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
    let client: S3Client | undefined;
    return async () => {
      const s3 = await import('@aws-sdk/client-s3');
      client ??= new s3.S3Client({
        endpoint: options.endpoint,
        region: options.region ?? 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      });
      await client.send(new s3.HeadBucketCommand({ Bucket: options.bucket }));
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
