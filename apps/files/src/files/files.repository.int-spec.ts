import { ReadinessRegistry, prepareEvent } from '@colink/platform';
import { mongoUrlWithDatabase, stackEnv } from '@colink/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { FilesConfig } from '../config';
import { FileDocument } from './file.document';
import { FilesRepository } from './files.repository';

const FILES = 40;

function confirmedFile(now: Date): FileDocument {
  const id = randomUUID();
  const channelId = randomUUID();
  const uploaderId = randomUUID();
  const original = { key: `files/${id}/original`, size_bytes: 12, content_type: 'text/plain' };
  return {
    _id: id,
    channel_id: channelId,
    uploader_id: uploaderId,
    filename: 'notes.txt',
    content_type: 'text/plain',
    size_bytes: 12,
    bucket: 'colink-files',
    state: 'confirmed',
    versions: { original },
    virus_scan: {
      status: 'pending',
      scanned_at: null,
      signature: null,
      attempts: 0,
      next_attempt_at: new Date(now.getTime() - 1_000),
      lease_until: null,
      last_error: null,
    },
    pending_events: [
      prepareEvent('file.uploaded', {
        file_id: id,
        channel_id: channelId,
        uploader_id: uploaderId,
        filename: 'notes.txt',
        content_type: 'text/plain',
        size_bytes: 12,
      }),
    ],
    revision: 1,
    upload_expires_at: now,
    created_at: now,
    updated_at: now,
  };
}

/**
 * The scan loop, the event relay and requests all update file documents, often the same one at the
 * same moment (a scan starts as the relay publishes the upload's event). None of those changes may
 * undo another, on the stack's MongoDB-wire server as on MongoDB.
 */
describe('files repository: concurrent changes to one file', () => {
  // A database of this run's own, dropped at the end.
  const url = mongoUrlWithDatabase(stackEnv.mongodbUrl, `colink_files_repo_${randomUUID().slice(0, 8)}`);
  let repository: FilesRepository;

  beforeAll(async () => {
    repository = new FilesRepository({ MONGODB_URL: url } as FilesConfig, new ReadinessRegistry());
    await repository.onModuleInit();
  });

  afterAll(async () => {
    await repository.onApplicationShutdown();
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000 });
    await client.db().dropDatabase();
    await client.close();
  });

  it('keeps a scan verdict and its event when the relay clears published events at the same moment', async () => {
    const now = new Date();
    const files = Array.from({ length: FILES }, () => confirmedFile(now));
    await Promise.all(files.map((file) => repository.insert(file)));

    await Promise.all(
      files.flatMap((file) => {
        const scanned = prepareEvent('file.scanned', {
          file_id: file._id,
          channel_id: file.channel_id,
          uploader_id: file.uploader_id,
          scan_status: 'clean',
          signature: null,
          has_thumbnail: false,
        });
        return [
          repository.recordScan(
            file._id,
            { status: 'clean', signature: null, original: file.versions.original },
            new Date(),
            [scanned],
          ),
          // The relay read the file at revision 1 and published its upload event.
          repository.clearPublished(file._id, 1),
        ];
      }),
    );

    const after = await repository.findByIds(files.map((file) => file._id));
    expect(after).toHaveLength(FILES);
    for (const file of after) {
      expect(file.virus_scan.status).toBe('clean');
      expect(file.virus_scan.next_attempt_at).toBeNull();
      // Cleared first (revision 1 -> 2, then the scan's push -> 3), or the scan came first and the
      // relay's clear found a newer revision and left both events for its next round.
      const topics = file.pending_events.map((row) => row.topic);
      expect(topics).toEqual(file.revision === 3 ? ['file.scanned'] : ['file.uploaded', 'file.scanned']);
    }
  });

  it('claims each due file once, and the claim survives the relay clearing its events', async () => {
    const now = new Date();
    const files = Array.from({ length: FILES }, () => confirmedFile(now));
    await Promise.all(files.map((file) => repository.insert(file)));

    const claims = await Promise.all([
      ...files.map(() => repository.claimNextScan(new Date(), 60_000)),
      ...files.map((file) => repository.clearPublished(file._id, 1).then(() => null)),
    ]);

    const claimed = claims.filter((file): file is FileDocument => file !== null).map((file) => file._id);
    const ours = new Set(files.map((file) => file._id));
    expect(new Set(claimed).size).toBe(claimed.length);
    const after = await repository.findByIds([...ours]);
    for (const file of after) {
      expect(file.pending_events).toEqual([]);
      expect(file.revision).toBe(2);
      // Every claim a caller got is recorded on the file: one attempt, leased.
      if (claimed.includes(file._id)) {
        expect(file.virus_scan.attempts).toBe(1);
        expect(file.virus_scan.lease_until).not.toBeNull();
      } else expect(file.virus_scan.attempts).toBe(0);
    }
    expect(claimed.length).toBeGreaterThan(0);
  });
});
