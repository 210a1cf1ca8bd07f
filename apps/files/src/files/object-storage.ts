import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { FilesConfig } from '../config';
import { FILES_CONFIG } from './files.tokens';

/** The file bytes in S3: the service streams them (scan, thumbnail) and hands out presigned URLs. */
@Injectable()
export class ObjectStorage {
  readonly bucket: string;
  private readonly s3: S3Client;
  /** Signs URLs for the endpoint browsers reach, which may differ from the one the service uses. */
  private readonly signer: S3Client;

  constructor(@Inject(FILES_CONFIG) config: FilesConfig) {
    this.bucket = config.S3_BUCKET;
    const base = {
      region: config.S3_REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: config.S3_ACCESS_KEY, secretAccessKey: config.S3_SECRET_KEY },
    };
    this.s3 = new S3Client({ ...base, endpoint: config.S3_ENDPOINT });
    this.signer = new S3Client({ ...base, endpoint: config.S3_PUBLIC_ENDPOINT ?? config.S3_ENDPOINT });
  }

  /** A PUT URL bound to the declared type and size: S3 refuses other bytes counts or types. */
  uploadUrl(key: string, contentType: string, size: number, ttlS: number): Promise<string> {
    return getSignedUrl(
      this.signer,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size }),
      { expiresIn: ttlS, signableHeaders: new Set(['content-type', 'content-length']) },
    );
  }

  downloadUrl(key: string, ttlS: number, disposition: string, contentType: string): Promise<string> {
    return getSignedUrl(
      this.signer,
      new GetObjectCommand({
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
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (error instanceof NotFound || error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  /** The first `length` bytes, enough for a type's magic numbers. */
  async head(key: string, length: number): Promise<Buffer> {
    const object = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${length - 1}` }),
    );
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  async stream(key: string): Promise<Readable> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return object.Body as Readable;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }

  /** Moves an object out of reach of every URL the service signs. */
  async move(from: string, to: string): Promise<void> {
    await this.s3.send(
      new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: `${this.bucket}/${from}` }),
    );
    await this.delete(from);
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
