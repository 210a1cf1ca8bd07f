import type { S3Client } from '@aws-sdk/client-s3';
import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { FilesConfig } from '../config';
import { FILES_CONFIG } from './files.tokens';

type S3Sdk = typeof import('@aws-sdk/client-s3');
type Presigner = typeof import('@aws-sdk/s3-request-presigner');

/**
 * The AWS SDK (its S3 client and the presigner) loads with the first call that needs it, not at
 * start: an idle service does not carry it (~6 MiB of heap and its compiled code; files' readiness
 * check signs its request with aws4, platform's checks.s3). Loaded once, then shared by every call.
 */
let sdk: Promise<[S3Sdk, Presigner]> | undefined;
const loadSdk = () =>
  (sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]));

/** The file bytes in S3: the service streams them (scan, thumbnail) and hands out presigned URLs. */
@Injectable()
export class ObjectStorage {
  readonly bucket: string;
  private clients?: Promise<{ sdk: S3Sdk; s3: S3Client; signer: S3Client; sign: Presigner['getSignedUrl'] }>;

  constructor(@Inject(FILES_CONFIG) private readonly config: FilesConfig) {
    this.bucket = config.S3_BUCKET;
  }

  /** The SDK and the two clients, made on first use. */
  private use() {
    return (this.clients ??= loadSdk().then(([sdk, presigner]) => {
      const { config } = this;
      const base = {
        region: config.S3_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: config.S3_ACCESS_KEY, secretAccessKey: config.S3_SECRET_KEY },
      };
      return {
        sdk,
        // Every call bounded: a stalled object store fails the call (a scan is tried again later)
        // instead of holding the scan loop forever. Idle 60 s also bounds a body that stops streaming.
        s3: new sdk.S3Client({
          ...base,
          endpoint: config.S3_ENDPOINT,
          requestHandler: {
            connectionTimeout: 5_000,
            requestTimeout: 30_000,
            throwOnRequestTimeout: true,
            socketTimeout: 60_000,
          },
        }),
        // Signs URLs for the endpoint browsers reach, which may differ from the one the service uses.
        signer: new sdk.S3Client({ ...base, endpoint: config.S3_PUBLIC_ENDPOINT ?? config.S3_ENDPOINT }),
        sign: presigner.getSignedUrl,
      };
    }));
  }

  /** A PUT URL bound to the declared type and size: S3 refuses other bytes counts or types. */
  async uploadUrl(key: string, contentType: string, size: number, ttlS: number): Promise<string> {
    const { sdk, signer, sign } = await this.use();
    return sign(
      signer,
      new sdk.PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ContentType: contentType,
        ContentLength: size,
      }),
      { expiresIn: ttlS, signableHeaders: new Set(['content-type', 'content-length']) },
    );
  }

  async downloadUrl(key: string, ttlS: number, disposition: string, contentType: string): Promise<string> {
    const { sdk, signer, sign } = await this.use();
    return sign(
      signer,
      new sdk.GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: disposition,
        ResponseContentType: contentType,
      }),
      { expiresIn: ttlS },
    );
  }

  /** The stored size of an object, or null when nothing was uploaded there. */
  async sizeOf(key: string): Promise<number | null> {
    const { sdk, s3 } = await this.use();
    try {
      const head = await s3.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (error instanceof sdk.NotFound || error instanceof sdk.NoSuchKey) return null;
      throw error;
    }
  }

  /** The first `length` bytes, enough for a type's magic numbers. */
  async head(key: string, length: number): Promise<Buffer> {
    const { sdk, s3 } = await this.use();
    const object = await s3.send(
      new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${length - 1}` }),
    );
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  async stream(key: string): Promise<Readable> {
    const { sdk, s3 } = await this.use();
    const object = await s3.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return object.Body as Readable;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const { sdk, s3 } = await this.use();
    await s3.send(
      new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  /** Moves an object out of reach of every URL the service signs. */
  async move(from: string, to: string): Promise<void> {
    const { sdk, s3 } = await this.use();
    await s3.send(
      new sdk.CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${from}` }),
    );
    await this.delete(from);
  }

  async delete(key: string): Promise<void> {
    const { sdk, s3 } = await this.use();
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
