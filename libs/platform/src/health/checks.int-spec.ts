import { stackEnv } from '@colink/testing';
import { checks } from './checks';

/** The S3 readiness probe against the stack's MinIO: ready only for a bucket the keys may read. */
describe('the S3 readiness check', () => {
  const probe = (bucket: string, secretAccessKey: string) =>
    checks.s3({
      endpoint: stackEnv.s3Endpoint,
      bucket,
      accessKeyId: stackEnv.s3AccessKey,
      secretAccessKey,
    });

  it('is ready when the bucket exists and the keys may read it', async () => {
    await expect(probe(stackEnv.s3Bucket, stackEnv.s3SecretKey)()).resolves.toBeUndefined();
  });

  it('is not ready with a wrong secret (the signature is refused)', async () => {
    await expect(probe(stackEnv.s3Bucket, `${stackEnv.s3SecretKey}-wrong`)()).rejects.toThrow(/answered 403/);
  });

  it('is not ready when the bucket is missing', async () => {
    await expect(probe('colink-no-such-bucket', stackEnv.s3SecretKey)()).rejects.toThrow(/answered 404/);
  });
});
