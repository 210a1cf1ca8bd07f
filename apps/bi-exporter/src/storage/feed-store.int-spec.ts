import { stackEnv } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { FeedStore, PreconditionFailed } from './feed-store';

describe('feed store against MinIO: manifests are compare-and-swap', () => {
  const store = new FeedStore({
    endpoint: stackEnv.s3Endpoint,
    region: 'us-east-1',
    bucket: stackEnv.s3Bucket,
    accessKeyId: stackEnv.s3AccessKey,
    secretAccessKey: stackEnv.s3SecretKey,
  });
  const key = `bi-it-${randomUUID().slice(0, 8)}/bi/messages/v2/dt=2001-01-01/_manifest.json`;

  afterAll(async () => {
    await store.delete(key);
    store.close();
  });

  it('creates once, then writes only over the version it read', async () => {
    const first = await store.putJsonIf(key, { files: ['a'] }, null);
    await expect(store.putJsonIf(key, { files: ['b'] }, null)).rejects.toBeInstanceOf(PreconditionFailed);
    const read = await store.getJsonTagged(key);
    expect(read).toEqual({ value: { files: ['a'] }, etag: first });
    const second = await store.putJsonIf(key, { files: ['a', 'c'] }, first);
    // A writer still holding the first version is refused, and the second version stays.
    await expect(store.putJsonIf(key, { files: ['a', 'd'] }, first)).rejects.toBeInstanceOf(
      PreconditionFailed,
    );
    expect(await store.getJsonTagged(key)).toEqual({ value: { files: ['a', 'c'] }, etag: second });
  });
});
