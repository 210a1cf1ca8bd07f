import { THUMBNAIL_TYPES } from '@colink/contracts';
import { MetricsService, OutboxRow, prepareEvent } from '@colink/platform';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { FilesConfig } from '../config';
import { ClamdScanner, ScannerUnavailable } from './clamd.scanner';
import { FileDocument } from './file.document';
import { FilesRepository, ScanOutcome } from './files.repository';
import { FILES_CONFIG } from './files.tokens';
import { ObjectStorage } from './object-storage';
import { Thumbnailer } from './thumbnailer';

/** How long one replica may hold a file it is scanning before another may take it over. */
const SCAN_LEASE_MS = 5 * 60_000;

/**
 * Scans confirmed files off the request path. The queue is the files collection itself (pending
 * files whose next attempt is due), so a restart or a clamd outage loses nothing: a file stays
 * `pending` until clamd gives a verdict, with backoff between tries, and is never marked clean unscanned.
 */
@Injectable()
export class ScanWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScanWorker.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private again = false;
  private readonly scanned: Counter<'status'>;
  private readonly backlog: Gauge;
  private readonly failures: Counter;

  constructor(
    @Inject(FILES_CONFIG) private readonly config: FilesConfig,
    private readonly files: FilesRepository,
    private readonly storage: ObjectStorage,
    private readonly clamd: ClamdScanner,
    private readonly thumbnailer: Thumbnailer,
    metrics: MetricsService,
  ) {
    this.scanned = metrics.counter('colink_files_scanned_total', 'Files scanned, by verdict', ['status']);
    this.backlog = metrics.gauge('colink_files_scan_pending', 'Confirmed files waiting for a scan');
    this.failures = metrics.counter(
      'colink_files_scan_failures_total',
      'Scan attempts that got no verdict (clamd down, timed out)',
    );
  }

  onApplicationBootstrap(): void {
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Looks for work now (after a confirm) instead of at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'scan loop failed'))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.timer = setTimeout(() => this.kick(), this.config.SCAN_POLL_MS);
      });
  }

  private async drain(): Promise<void> {
    this.backlog.set(await this.files.countPendingScans());
    for (;;) {
      if (this.stopped) return;
      const file = await this.files.claimNextScan(new Date(), SCAN_LEASE_MS);
      if (!file) return;
      await this.scan(file);
    }
  }

  private async scan(file: FileDocument): Promise<void> {
    const started = performance.now();
    try {
      const verdict = await this.clamd.scan(await this.storage.stream(file.versions.original.key));
      const outcome = verdict.infected
        ? await this.quarantine(file, verdict.signature)
        : await this.clean(file);
      const rows: OutboxRow[] = [
        prepareEvent('file.scanned', {
          file_id: file._id,
          channel_id: file.channel_id,
          uploader_id: file.uploader_id,
          scan_status: outcome.status,
          signature: outcome.signature,
          has_thumbnail: outcome.thumbnail !== undefined,
        }),
      ];
      if (outcome.status === 'infected')
        rows.push(
          prepareEvent(
            'audit.recorded',
            {
              id: globalThis.crypto.randomUUID(),
              actor_id: file.uploader_id,
              action: 'file.infected',
              resource_type: 'file',
              resource_id: file._id,
              details: { channel_id: file.channel_id, filename: file.filename, signature: outcome.signature },
              occurred_at: new Date().toISOString(),
            },
            { actorId: file.uploader_id },
          ),
        );
      await this.files.recordScan(file._id, outcome, new Date(), rows);
      this.scanned.inc({ status: outcome.status });
      this.logger.log(
        {
          file_id: file._id,
          scan_status: outcome.status,
          attempt: file.virus_scan.attempts,
          ms: Math.round(performance.now() - started),
        },
        'file scanned',
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const delay = Math.min(
        this.config.SCAN_RETRY_MAX_MS,
        500 * 2 ** Math.min(file.virus_scan.attempts, 16),
      );
      this.failures.inc();
      if (!(error instanceof ScannerUnavailable))
        this.logger.error({ err: error, file_id: file._id }, 'scan failed');
      else this.logger.warn({ file_id: file._id, error: message, retry_in_ms: delay }, 'scan deferred');
      await this.files.deferScan(file._id, new Date(Date.now() + delay), message);
    }
  }

  /** Infected bytes move under `quarantine/`, out of reach of every URL the service signs. */
  private async quarantine(file: FileDocument, signature: string): Promise<ScanOutcome> {
    const key = `quarantine/${file.versions.original.key}`;
    await this.storage.move(file.versions.original.key, key);
    return { status: 'infected', signature, original: { ...file.versions.original, key } };
  }

  private async clean(file: FileDocument): Promise<ScanOutcome> {
    const outcome: ScanOutcome = { status: 'clean', signature: null, original: file.versions.original };
    if (!THUMBNAIL_TYPES.includes(file.content_type)) return outcome;
    try {
      const made = await this.thumbnailer.make(await this.storage.stream(file.versions.original.key));
      const key = file.versions.original.key.replace(/original$/, 'thumbnail.webp');
      await this.storage.put(key, made.thumbnail, 'image/webp');
      return {
        ...outcome,
        width: made.width,
        height: made.height,
        original: { ...file.versions.original, width: made.width, height: made.height },
        thumbnail: {
          key,
          size_bytes: made.thumbnail.length,
          content_type: 'image/webp',
          width: made.thumbnailWidth,
          height: made.thumbnailHeight,
        },
      };
    } catch (error) {
      // A clean file whose image cannot be decoded is still shared, as a file without a preview.
      this.logger.warn({ err: error, file_id: file._id }, 'no thumbnail');
      return outcome;
    }
  }
}
