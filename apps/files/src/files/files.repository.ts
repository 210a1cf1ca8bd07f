import { OutboxRow, ReadinessRegistry } from '@colink/platform';
import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Collection, MongoClient } from 'mongodb';
import { FilesConfig } from '../config';
import { FileDocument, StoredVersion } from './file.document';
import { DocumentWrites } from './document-writes';
import { FILES_CONFIG } from './files.tokens';

/** What a scan found, applied by `recordScan` in one update with its events. */
export interface ScanOutcome {
  status: 'clean' | 'infected';
  signature: string | null;
  original: StoredVersion;
  thumbnail?: StoredVersion;
  width?: number;
  height?: number;
}

/**
 * The files collection in MongoDB: the only class that speaks to it. Every change is one
 * single-document update, and events the change emits are pushed in that same update. Writes to one
 * document go one at a time (`DocumentWrites`): FerretDB 1.x does not apply concurrent updates of a
 * document atomically, and the scan loop, the event relay and requests all update files.
 */
@Injectable()
export class FilesRepository implements OnModuleInit, OnApplicationShutdown {
  private readonly client: MongoClient;
  private readonly files: Collection<FileDocument>;
  private readonly writes = new DocumentWrites();

  constructor(@Inject(FILES_CONFIG) config: FilesConfig, readiness: ReadinessRegistry) {
    // Every operation bounded (its documents are small): a stalled server fails the call instead of
    // holding the scan loop or a request forever.
    this.client = new MongoClient(config.MONGODB_URL, {
      serverSelectionTimeoutMS: 5_000,
      socketTimeoutMS: 30_000,
    });
    this.files = this.client.db().collection<FileDocument>('files');
    // Ready when MongoDB answers on this client: no second client (pool, monitor) for the probe.
    readiness.register('mongo', async () => {
      await this.client.db().command({ ping: 1 });
    });
  }

  async onModuleInit(): Promise<void> {
    await this.client.connect();
    // One index a call: FerretDB 1.x fails a multi-index createIndexes when they already exist.
    await this.files.createIndex({ channel_id: 1, created_at: -1 }, { name: 'by_channel' });
    await this.files.createIndex(
      { 'virus_scan.status': 1, 'virus_scan.next_attempt_at': 1 },
      { name: 'scan_queue' },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  async insert(file: FileDocument): Promise<void> {
    await this.files.insertOne(file);
  }

  findById(id: string): Promise<FileDocument | null> {
    return this.files.findOne({ _id: id });
  }

  findByIds(ids: string[]): Promise<FileDocument[]> {
    return this.files.find({ _id: { $in: ids } }).toArray();
  }

  /** Marks an upload confirmed and queues its scan; false when it was confirmed already. */
  async confirm(id: string, contentType: string, now: Date, events: OutboxRow[]): Promise<boolean> {
    const result = await this.writes.run(id, () =>
      this.files.updateOne(
        { _id: id, state: 'awaiting_upload' },
        {
          $set: {
            state: 'confirmed',
            content_type: contentType,
            'versions.original.content_type': contentType,
            'virus_scan.next_attempt_at': now,
            updated_at: now,
          },
          $push: { pending_events: { $each: events } },
          $inc: { revision: 1 },
        },
      ),
    );
    return result.modifiedCount === 1;
  }

  async remove(id: string): Promise<void> {
    await this.writes.run(id, () => this.files.deleteOne({ _id: id }));
  }

  /**
   * Claims the next file due for a scan for `leaseMs`, so several replicas never scan one file at
   * once and a replica that dies mid-scan frees it when the lease lapses.
   */
  async claimNextScan(now: Date, leaseMs: number): Promise<FileDocument | null> {
    const due = {
      state: 'confirmed' as const,
      'virus_scan.status': 'pending' as const,
      'virus_scan.next_attempt_at': { $lte: now },
    };
    // The oldest due file, then claimed by its id in its write lane; a file changed in between (taken
    // by another replica, deleted) is passed over, and a few misses wait for the next poll.
    for (let tries = 0; tries < 3; tries += 1) {
      const next = await this.files.findOne(due, {
        sort: { 'virus_scan.next_attempt_at': 1 },
        projection: { _id: 1 },
      });
      if (!next) return null;
      const claimed = await this.writes.run(next._id, () =>
        this.files.findOneAndUpdate(
          { _id: next._id, ...due },
          {
            $set: {
              'virus_scan.next_attempt_at': new Date(now.getTime() + leaseMs),
              'virus_scan.lease_until': new Date(now.getTime() + leaseMs),
            },
            $inc: { 'virus_scan.attempts': 1 },
          },
          { returnDocument: 'after' },
        ),
      );
      if (claimed) return claimed;
    }
    return null;
  }

  /** A scan that could not finish: the file stays pending and is tried again at `retryAt`. */
  async deferScan(id: string, retryAt: Date, error: string): Promise<void> {
    await this.writes.run(id, () =>
      this.files.updateOne(
        { _id: id, 'virus_scan.status': 'pending' },
        {
          $set: {
            'virus_scan.next_attempt_at': retryAt,
            'virus_scan.lease_until': null,
            'virus_scan.last_error': error.slice(0, 500),
            updated_at: new Date(),
          },
        },
      ),
    );
  }

  async recordScan(id: string, outcome: ScanOutcome, now: Date, events: OutboxRow[]): Promise<void> {
    const set: Record<string, unknown> = {
      'virus_scan.status': outcome.status,
      'virus_scan.signature': outcome.signature,
      'virus_scan.scanned_at': now,
      'virus_scan.lease_until': null,
      'virus_scan.next_attempt_at': null,
      'virus_scan.last_error': null,
      'versions.original': outcome.original,
      updated_at: now,
    };
    if (outcome.thumbnail) set['versions.thumbnail'] = outcome.thumbnail;
    if (outcome.width) set.width = outcome.width;
    if (outcome.height) set.height = outcome.height;
    await this.writes.run(id, () =>
      this.files.updateOne(
        { _id: id, 'virus_scan.status': 'pending' },
        { $set: set, $push: { pending_events: { $each: events } }, $inc: { revision: 1 } },
      ),
    );
  }

  /** Files with events not yet published, oldest change first. */
  withPendingEvents(limit: number): Promise<Pick<FileDocument, '_id' | 'pending_events' | 'revision'>[]> {
    return this.files
      .find({ 'pending_events.0': { $exists: true } }, { projection: { pending_events: 1, revision: 1 } })
      .sort({ updated_at: 1 })
      .limit(limit)
      .toArray();
  }

  /** Clears the published events, unless the file changed (and so gained events) since it was read. */
  async clearPublished(id: string, revision: number): Promise<boolean> {
    const result = await this.writes.run(id, () =>
      this.files.updateOne({ _id: id, revision }, { $set: { pending_events: [] }, $inc: { revision: 1 } }),
    );
    return result.modifiedCount === 1;
  }

  /** Count of files waiting for a scan, for the scan backlog gauge. */
  countPendingScans(): Promise<number> {
    return this.files.countDocuments({ state: 'confirmed', 'virus_scan.status': 'pending' });
  }
}
