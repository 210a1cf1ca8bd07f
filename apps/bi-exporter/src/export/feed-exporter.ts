import { Envelope } from '@colink/contracts';
import { Logger } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ExportSettings } from '../config';
import { AggregateDefinition, FeedDefinition, FeedVersion, Row, RowContext } from '../feeds/feed';
import { AGGREGATES, FEEDS, activeVersions, feedOfTopic } from '../feeds/feed-registry';
import { FeedLayout, dayOf } from '../storage/layout';
import { Manifest, ManifestFile, ManifestSchema, withFiles } from '../storage/manifest';
import { FeedStore, PreconditionFailed } from '../storage/feed-store';
import { ParquetEngine } from '../storage/parquet-engine';
import { ExportMetrics } from './export-metrics';

interface PendingRow {
  feed: FeedDefinition;
  version: FeedVersion;
  day: string;
  eventId: string;
  eventTime: string;
  row: Row;
}

/** A consumed record's place, and how to commit its partition's offset through it. */
export interface RecordAck {
  topic: string;
  partition: number;
  offset: string;
  commit: () => Promise<void>;
}

interface Epoch {
  rows: Map<string, PendingRow>;
  /** The furthest record per topic-partition whose row (or duplicate) this epoch covers. */
  acks: Map<string, RecordAck>;
  openedAt: number;
  done: Promise<void>;
  resolve: (value: void | PromiseLike<void>) => void;
}

/** What is committed for one day: event ids per feed (all versions), manifests, local copies. */
interface DayState {
  committed: Map<string, Set<string>>;
  /** Each manifest with the ETag it was read or written with, for compare-and-swap commits. */
  manifests: Map<string, { manifest: Manifest; etag: string }>;
  localFiles: Map<string, string[]>;
}

function newEpoch(): Epoch {
  let resolve!: Epoch['resolve'];
  const done = new Promise<void>((r) => (resolve = r));
  return { rows: new Map(), acks: new Map(), openedAt: Date.now(), done, resolve };
}

function addAck(epoch: Epoch, ack: RecordAck): void {
  const key = `${ack.topic}:${ack.partition}`;
  const known = epoch.acks.get(key);
  if (!known || BigInt(known.offset) < BigInt(ack.offset)) epoch.acks.set(key, ack);
}

/** A time-ordered, unique batch name: `20261204T221848123Z-1a2b3c`. */
function batchName(now: Date): string {
  return `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

function emptyManifest(
  kind: Manifest['kind'],
  feed: string,
  version: number,
  day: string,
  columns: FeedVersion['columns'],
): Manifest {
  return {
    feed,
    schema_version: version,
    dt: day,
    kind,
    columns: columns.map(({ name, type }) => ({ name, type })),
    row_count: 0,
    min_event_time: null,
    max_event_time: null,
    files: [],
    updated_at: new Date(0).toISOString(),
  };
}

/**
 * Turns events into feed rows and commits them exactly once. Rows wait in an epoch; a flush writes
 * each (feed, version, day) group to a Parquet file under `_staging/`, then commits it by rewriting
 * that day's manifest, then copies it to its final key. Kafka offsets are committed (deferred
 * acknowledgement) only after the epoch holding their records is, so a crash replays whatever was not;
 * replayed events are dropped at the next flush because their ids are in the day's committed files.
 * One exporter writes a prefix at a time.
 */
export class FeedExporter {
  private readonly logger = new Logger(FeedExporter.name);
  readonly layout: FeedLayout;
  private readonly versions: Map<string, FeedVersion>;
  private readonly context: RowContext;
  private epoch = newEpoch();
  private inflight?: { epoch: Epoch; run: Promise<void> };
  private readonly days = new Map<string, DayState>();
  private readonly staleAggregates = new Set<string>();
  private timer?: NodeJS.Timeout;
  private retryAt = 0;
  private backoffMs = 0;
  private stopped = false;

  constructor(
    private readonly settings: ExportSettings,
    private readonly store: FeedStore,
    private readonly engine: ParquetEngine,
    private readonly metrics: ExportMetrics,
  ) {
    this.layout = new FeedLayout(settings.prefix);
    this.versions = activeVersions(settings.pinnedVersions);
    const salt = settings.salt;
    const pseudonym = ((userId: string | null) =>
      userId === null
        ? null
        : createHmac('sha256', salt).update(userId).digest('hex').slice(0, 32)) as RowContext['pseudonym'];
    this.context = { pseudonym, includeMessageText: settings.includeMessageText };
  }

  /** Finishes what a crash interrupted, publishes the catalog, and starts the flush timer. */
  async start(): Promise<void> {
    await this.recoverStaging();
    await this.store.putJson(this.layout.catalogKey, this.catalog());
    this.timer = setInterval(() => this.tick(), Math.min(250, this.settings.flushIntervalMs));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.inflight?.run.catch(() => undefined);
    await this.flush().catch(() => undefined);
  }

  /**
   * Adds the event's row to the open epoch, unless the same event id is already waiting; either
   * way its offset is committed with the open epoch, after everything before it.
   */
  accept(event: Envelope, ack: RecordAck): void {
    const feed = feedOfTopic(event.type);
    if (this.epoch.rows.size === 0 && this.epoch.acks.size === 0) this.epoch.openedAt = Date.now();
    addAck(this.epoch, ack);
    if (!feed) return;
    if (this.epoch.rows.has(event.id) || this.inflight?.epoch.rows.has(event.id)) {
      this.metrics.duplicates.inc({ feed: feed.name });
      return;
    }
    const version = this.versions.get(feed.name)!;
    const row = this.normalise(version, version.toRow(event, this.context));
    this.epoch.rows.set(event.id, {
      feed,
      version,
      day: dayOf(event.occurred_at),
      eventId: event.id,
      eventTime: String(row.event_time),
      row,
    });
    this.metrics.pending.set(this.pendingRows());
  }

  /** Backpressure: while twice a flush's worth of rows waits, the consumer waits too. */
  async admit(heartbeat: () => Promise<void>): Promise<void> {
    while (!this.stopped && this.pendingRows() >= 2 * this.settings.flushMaxRows) {
      this.tick();
      await Promise.race([this.epoch.done, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      await heartbeat();
    }
  }

  private pendingRows(): number {
    return this.epoch.rows.size + (this.inflight?.epoch.rows.size ?? 0);
  }

  private normalise(version: FeedVersion, row: Row): Row {
    const out: Row = {};
    for (const column of version.columns) {
      const value = row[column.name] ?? null;
      out[column.name] =
        column.type === 'TIMESTAMP' && typeof value === 'string' ? new Date(value).toISOString() : value;
    }
    return out;
  }

  private tick(): void {
    const empty = this.epoch.rows.size === 0 && this.epoch.acks.size === 0;
    if (this.inflight || this.stopped || empty || Date.now() < this.retryAt) return;
    const due =
      this.epoch.rows.size >= this.settings.flushMaxRows ||
      Date.now() - this.epoch.openedAt >= this.settings.flushIntervalMs;
    if (due) void this.flush().catch(() => undefined);
  }

  /** Commits the open epoch; on failure its rows go back into the next one and are retried. */
  async flush(): Promise<void> {
    if (this.inflight) await this.inflight.run.catch(() => undefined);
    const epoch = this.epoch;
    if (epoch.rows.size === 0 && epoch.acks.size === 0) return;
    this.epoch = newEpoch();
    const run = this.commitEpoch(epoch);
    this.inflight = { epoch, run };
    try {
      await run;
      this.backoffMs = 0;
      this.retryAt = 0;
      epoch.resolve();
    } catch (error) {
      this.metrics.failures.inc({ stage: 'commit' });
      this.logger.error({ err: error }, 'commit failed; its rows are retried');
      for (const [id, row] of epoch.rows) if (!this.epoch.rows.has(id)) this.epoch.rows.set(id, row);
      for (const ack of epoch.acks.values()) addAck(this.epoch, ack);
      this.epoch.openedAt = Math.min(this.epoch.openedAt, epoch.openedAt);
      this.backoffMs = Math.min(30_000, Math.max(500, this.backoffMs * 2));
      this.retryAt = Date.now() + this.backoffMs;
      // Whoever waits for the failed epoch now waits for the one its rows moved to.
      epoch.resolve(this.epoch.done);
      throw error;
    } finally {
      this.inflight = undefined;
      this.metrics.pending.set(this.pendingRows());
    }
  }

  private async commitEpoch(epoch: Epoch): Promise<void> {
    const now = new Date();
    const batch = batchName(now);
    const groups = new Map<string, PendingRow[]>();
    for (const pending of epoch.rows.values()) {
      const key = `${pending.feed.name}/${pending.version.version}/${pending.day}`;
      groups.set(key, [...(groups.get(key) ?? []), pending]);
    }
    const staged: Array<{ rows: PendingRow[]; finalKey: string; file: ManifestFile; local: string }> = [];
    for (const rows of groups.values()) {
      const { feed, version, day } = rows[0];
      const state = await this.openDay(day);
      const committed = state.committed.get(feed.name)!;
      const fresh = rows.filter((row) => !committed.has(row.eventId));
      if (fresh.length < rows.length)
        this.metrics.duplicates.inc({ feed: feed.name }, rows.length - fresh.length);
      if (fresh.length === 0) continue;
      const finalKey = this.layout.partKey(feed.name, version.version, day, batch);
      const local = this.localPath(finalKey);
      const written = await this.engine.write(
        local,
        version.columns,
        fresh.map((row) => row.row),
      );
      const bytes = await this.store.putFile(this.layout.stagingKey(finalKey), local);
      staged.push({
        rows: fresh,
        finalKey,
        local,
        file: {
          key: finalKey,
          rows: written.rows,
          bytes,
          min_event_time: written.minEventTime,
          max_event_time: written.maxEventTime,
          committed_at: now.toISOString(),
        },
      });
    }
    this.fault('crash-before-manifest', staged.length > 0);
    let next = 0;
    try {
      for (; next < staged.length; next += 1) await this.commitFile(staged[next], now);
    } catch (error) {
      // Not committed: these staged files are abandoned, and their rows retried with the epoch.
      for (const { finalKey, local } of staged.slice(next)) {
        await this.store.delete(this.layout.stagingKey(finalKey)).catch(() => undefined);
        await rm(local, { force: true });
      }
      throw error;
    }
    if (staged.length > 0) this.metrics.lastCommit.set(Date.now() / 1000);
    await this.refreshAggregates(now);
    this.fault('crash-before-offset-commit', staged.length > 0);
    await this.acknowledge(epoch);
  }

  /**
   * The commit: the day's manifest rewritten to list the file, if nobody else rewrote it since it
   * was read (another exporter on the same prefix, during a rolling deploy say). On such a conflict
   * the day is dropped from memory, so the retry reloads it and drops the rows the other committed.
   */
  private async commitFile(
    {
      rows,
      finalKey,
      file,
      local,
    }: { rows: PendingRow[]; finalKey: string; file: ManifestFile; local: string },
    now: Date,
  ): Promise<void> {
    const { feed, version, day } = rows[0];
    const state = await this.openDay(day);
    const manifestId = `${feed.name}/v${version.version}`;
    const known = state.manifests.get(manifestId);
    const manifest =
      known?.manifest ?? emptyManifest('feed', feed.name, version.version, day, version.columns);
    const next = withFiles(manifest, [file], now);
    let etag: string;
    try {
      etag = await this.store.putJsonIf(
        this.layout.manifestKey(feed.name, version.version, day),
        next,
        known?.etag ?? null,
      );
    } catch (error) {
      if (error instanceof PreconditionFailed) {
        this.days.delete(day);
        this.metrics.failures.inc({ stage: 'manifest-conflict' });
      }
      throw error;
    }
    // Committed: the manifest lists the file. What follows is repeated by recovery after a crash.
    state.manifests.set(manifestId, { manifest: next, etag });
    for (const row of rows) state.committed.get(feed.name)!.add(row.eventId);
    state.localFiles.get(feed.name)!.push(local);
    this.staleAggregates.add(day);
    this.fault('crash-before-copy', true);
    await this.publish(finalKey);
    const committedAt = Date.now();
    this.metrics.rows.inc({ feed: feed.name }, file.rows);
    this.metrics.files.inc({ feed: feed.name });
    for (const row of rows)
      this.metrics.lag.observe({ feed: feed.name }, (committedAt - Date.parse(row.eventTime)) / 1000);
  }

  /** Commits the epoch's Kafka offsets; a failure (a rebalance, say) only means a replay, deduped. */
  private async acknowledge(epoch: Epoch): Promise<void> {
    for (const ack of epoch.acks.values()) {
      try {
        await ack.commit();
      } catch (error) {
        this.metrics.failures.inc({ stage: 'offset-commit' });
        this.logger.warn({ err: error, topic: ack.topic, partition: ack.partition }, 'offset commit failed');
      }
    }
  }

  private async publish(finalKey: string): Promise<void> {
    const staging = this.layout.stagingKey(finalKey);
    await this.store.copy(staging, finalKey);
    await this.store.delete(staging);
  }

  private async refreshAggregates(now: Date): Promise<void> {
    for (const day of [...this.staleAggregates]) {
      const state = await this.openDay(day);
      for (const aggregate of AGGREGATES) await this.writeAggregate(aggregate, day, state, now);
      this.staleAggregates.delete(day);
    }
  }

  private async writeAggregate(
    aggregate: AggregateDefinition,
    day: string,
    state: DayState,
    now: Date,
  ): Promise<void> {
    const key = `${this.layout.dayPrefix(aggregate.name, aggregate.version, day)}part-00000.parquet`;
    const local = join(this.settings.workDir, 'aggregates', key);
    const sources = aggregate.sources.map((name) => ({
      name,
      paths: state.localFiles.get(name) ?? [],
      columns: this.versions.get(name)!.columns,
    }));
    const written = await this.engine.aggregate(
      local,
      sources,
      aggregate.columns,
      aggregate.sql.replaceAll('$day', `DATE '${day}'`),
    );
    const bytes = await this.store.putFile(key, local);
    const manifest = withFiles(
      emptyManifest('aggregate', aggregate.name, aggregate.version, day, aggregate.columns),
      [
        {
          key,
          rows: written.rows,
          bytes,
          min_event_time: null,
          max_event_time: null,
          committed_at: now.toISOString(),
        },
      ],
      now,
    );
    await this.store.putJson(this.layout.manifestKey(aggregate.name, aggregate.version, day), manifest);
    await rm(local, { force: true });
  }

  /** Loads a day's manifests (every feed, every version), local copies of its files and their ids. */
  private async openDay(day: string): Promise<DayState> {
    const open = this.days.get(day);
    if (open) {
      this.days.delete(day);
      this.days.set(day, open);
      return open;
    }
    const state: DayState = { committed: new Map(), manifests: new Map(), localFiles: new Map() };
    for (const feed of FEEDS) {
      const paths: string[] = [];
      for (const version of await this.storedVersions(feed.name)) {
        const stored = await this.store.getJsonTagged(this.layout.manifestKey(feed.name, version, day));
        if (stored === undefined) continue;
        const manifest = ManifestSchema.parse(stored.value);
        state.manifests.set(`${feed.name}/v${version}`, { manifest, etag: stored.etag });
        for (const file of manifest.files) {
          const local = this.localPath(file.key);
          await this.store.download(file.key, local);
          paths.push(local);
        }
      }
      state.localFiles.set(feed.name, paths);
      state.committed.set(feed.name, new Set(await this.engine.eventIds(paths)));
    }
    this.days.set(day, state);
    while (this.days.size > this.settings.openDays) {
      const [oldest, evicted] = this.days.entries().next().value as [string, DayState];
      this.days.delete(oldest);
      for (const paths of evicted.localFiles.values())
        for (const path of paths) await rm(path, { force: true });
    }
    return state;
  }

  private async storedVersions(feed: string): Promise<number[]> {
    const folders = await this.store.folders(this.layout.feedPrefix(feed));
    return folders
      .map((folder) => folder.slice(this.layout.feedPrefix(feed).length).match(/^v(\d+)\/$/)?.[1])
      .filter((version): version is string => version !== undefined)
      .map(Number);
  }

  /**
   * After a crash: a staged file its manifest lists was committed, so it is copied to its final key;
   * any other staged file was never committed and is deleted (its rows are replayed from Kafka) once
   * it is older than BI_STAGING_GRACE_MS, so a file another live exporter is committing is left alone.
   */
  private async recoverStaging(): Promise<void> {
    const manifests = new Map<string, Set<string>>();
    for (const { key: staging, lastModified } of await this.store.list(this.layout.stagingPrefix)) {
      const finalKey = this.layout.finalKeyOfStaging(staging);
      const where = this.layout.parse(finalKey);
      if (where) {
        const manifestKey = this.layout.manifestKey(where.feed, where.version, where.day);
        if (!manifests.has(manifestKey)) {
          const raw = await this.store.getJson(manifestKey);
          const listed = raw === undefined ? [] : ManifestSchema.parse(raw).files.map((file) => file.key);
          manifests.set(manifestKey, new Set(listed));
        }
        if (manifests.get(manifestKey)!.has(finalKey)) {
          this.logger.warn({ key: finalKey }, 'completing a commit interrupted by a crash');
          await this.publish(finalKey);
          continue;
        }
      }
      if (Date.now() - lastModified.getTime() < this.settings.stagingGraceMs) continue;
      this.logger.warn({ key: staging }, 'deleting a file staged but never committed');
      await this.store.delete(staging);
    }
  }

  private localPath(key: string): string {
    return join(this.settings.workDir, 'files', key);
  }

  private fault(point: ExportSettings['fault'], when: boolean): void {
    if (when && this.settings.fault === point) {
      this.logger.warn({ fault: point }, 'fault injection: killing the process');
      process.kill(process.pid, 'SIGKILL');
    }
  }

  catalog(): unknown {
    return {
      layout: `${this.layout.prefix}/<feed>/v<schema_version>/dt=YYYY-MM-DD/part-*.parquet`,
      pseudonymised: true,
      message_text_included: this.settings.includeMessageText,
      feeds: FEEDS.map((feed) => ({
        name: feed.name,
        description: feed.description,
        topics: feed.topics,
        current_version: this.versions.get(feed.name)!.version,
        versions: feed.versions.map((version) => ({
          version: version.version,
          prefix: this.layout.versionPrefix(feed.name, version.version),
          columns: version.columns,
        })),
      })),
      aggregates: AGGREGATES.map((aggregate) => ({
        name: aggregate.name,
        description: aggregate.description,
        current_version: aggregate.version,
        prefix: this.layout.versionPrefix(aggregate.name, aggregate.version),
        columns: aggregate.columns,
      })),
    };
  }
}
