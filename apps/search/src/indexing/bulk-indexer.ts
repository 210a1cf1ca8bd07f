import { Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { IndexKind } from '../opensearch/index-definitions';
import { IndexAction } from './documents';
import { DocumentsRepository } from './documents.repository';

/** How a buffered event is acknowledged once its documents are written (see HandlerContext). */
export interface Acknowledgement {
  /** The topic-partition the event came from: only the latest commit of each is needed. */
  source: string;
  commit: () => Promise<void>;
  heartbeat: () => Promise<void>;
}

interface Pending {
  action: IndexAction;
  occurredAtMs: number;
  ack?: Acknowledgement;
}

interface BulkIndexerMetrics {
  lag: Histogram<'index'>;
  bulkSize: Histogram<string>;
  failures: Counter<'reason'>;
  stale: Counter<string>;
  buffered: Gauge<string>;
}

export interface BulkIndexerOptions {
  maxDocs: number;
  intervalMs: number;
  /** Handlers wait (the consumer stops reading) while this many documents are unwritten. */
  highWater?: number;
  metrics?: BulkIndexerMetrics;
  /** Ensures indices exist before the first write. */
  prepare?: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Buffers index actions and writes them in one bulk request every `intervalMs` or every `maxDocs`
 * documents, whichever comes first. An event's Kafka offset is committed only after its documents
 * are written, so if OpenSearch is down the bulk is retried with backoff, the consumer stops at the
 * high-water mark, and a crash replays the unwritten events from Kafka (harmless: external versions).
 */
export class BulkIndexer {
  private readonly logger = new Logger(BulkIndexer.name);
  private buffer: Pending[] = [];
  private flushing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly highWater: number;

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly options: BulkIndexerOptions,
  ) {
    this.highWater = options.highWater ?? Math.max(options.maxDocs * 10, 1000);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.intervalMs);
    this.timer.unref();
  }

  get pending(): number {
    return this.buffer.length;
  }

  /**
   * Buffers the actions of one event; resolves at once unless too much is waiting to be written.
   * An `urgent` event (someone loses access to a channel) is written at once, not at the next tick,
   * so search stops showing that channel as soon as it can.
   */
  async add(actions: IndexAction[], occurredAt: string, ack: Acknowledgement, urgent = false): Promise<void> {
    const occurredAtMs = Date.parse(occurredAt);
    actions.forEach((action, i) =>
      this.buffer.push({ action, occurredAtMs, ack: i === actions.length - 1 ? ack : undefined }),
    );
    this.options.metrics?.buffered.set(this.buffer.length);
    if (this.buffer.length >= this.options.maxDocs) void this.flush();
    else if (urgent) void (this.flushing ?? Promise.resolve()).then(() => this.flush());
    let lastBeat = Date.now();
    while (this.buffer.length >= this.highWater && !this.stopped) {
      await Promise.race([this.flushing ?? this.flush(), sleep(1000)]);
      if (Date.now() - lastBeat > 3000) {
        await ack.heartbeat().catch(() => undefined);
        lastBeat = Date.now();
      }
    }
  }

  /** Writes what is buffered (waiting for a running bulk first); retries until it is written. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0) return Promise.resolve();
    this.flushing = this.writeAll().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    while (this.buffer.length > 0 && !this.stopped) {
      const batch = this.buffer.splice(0, Math.max(this.options.maxDocs, this.highWater));
      await this.writeWithRetry(batch);
      this.options.metrics?.buffered.set(this.buffer.length);
      if (this.buffer.length < this.options.maxDocs) break;
    }
  }

  private async writeWithRetry(batch: Pending[]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.options.prepare?.();
        const results = await this.documents.bulk(batch.map((pending) => pending.action));
        this.recordResults(
          batch,
          results.map((r) => r.outcome),
        );
        results.forEach((result, i) => {
          if (result.outcome === 'failed')
            this.logger.error(
              { index: batch[i].action.kind, id: batch[i].action.id, error: result.error },
              'document rejected',
            );
        });
        await this.commit(batch);
        return;
      } catch (error) {
        this.options.metrics?.failures.inc({ reason: 'request' });
        if (this.stopped) {
          // Shutting down: leave the batch unacknowledged; Kafka redelivers it to the next consumer.
          return;
        }
        const waitMs = Math.min(5000, 200 * 2 ** Math.min(attempt, 5));
        if (attempt === 0 || attempt % 10 === 0)
          this.logger.warn({ err: error, docs: batch.length, retry_in_ms: waitMs }, 'bulk write failed');
        await sleep(waitMs);
      }
    }
  }

  private recordResults(batch: Pending[], outcomes: string[]): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    metrics.bulkSize.observe(batch.length);
    const now = Date.now();
    batch.forEach((pending, i) => {
      if (outcomes[i] === 'written')
        metrics.lag.observe({ index: pending.action.kind as IndexKind }, (now - pending.occurredAtMs) / 1000);
      else if (outcomes[i] === 'stale') metrics.stale.inc();
      else metrics.failures.inc({ reason: 'item' });
    });
  }

  /** Commits the last event of each topic-partition in the batch (and so every earlier one). */
  private async commit(batch: Pending[]): Promise<void> {
    const last = new Map<string, Acknowledgement>();
    for (const pending of batch) if (pending.ack) last.set(pending.ack.source, pending.ack);
    for (const ack of last.values()) {
      try {
        await ack.commit();
      } catch (error) {
        // After a rebalance the partition is someone else's: they replay from the last commit.
        this.logger.warn({ err: error, source: ack.source }, 'offset commit failed');
      }
    }
  }

  /**
   * Stops the timer, ends a bulk that is being retried (its events stay unacknowledged) and writes
   * what is buffered once, without retrying: what is not written is redelivered by Kafka.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.flushing?.catch(() => undefined);
    if (this.buffer.length > 0) {
      const batch = this.buffer.splice(0);
      try {
        await this.options.prepare?.();
        const results = await this.documents.bulk(batch.map((pending) => pending.action));
        this.recordResults(
          batch,
          results.map((r) => r.outcome),
        );
        await this.commit(batch);
      } catch (error) {
        this.logger.warn({ err: error, docs: batch.length }, 'final bulk failed: Kafka will redeliver');
      }
    }
  }
}
