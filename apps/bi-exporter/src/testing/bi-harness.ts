import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Envelope, PayloadOf, Topic, buildEnvelope, keyOf } from '@colink/contracts';
import { createKafka, createProducer } from '@colink/platform';
import { ServiceProcess, seekGroupToEnd, stackEnv, waitFor } from '@colink/testing';
import { DuckDBInstance } from '@duckdb/node-api';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const SALT = 'bi-integration-test-salt-0123456789';
export const pseudonym = (id: string) => createHmac('sha256', SALT).update(id).digest('hex').slice(0, 32);

export interface ManifestJson {
  feed: string;
  schema_version: number;
  dt: string;
  row_count: number;
  min_event_time: string | null;
  max_event_time: string | null;
  files: Array<{ key: string; rows: number }>;
  columns: Array<{ name: string; type: string }>;
}

/**
 * A bi-exporter run against the real Kafka and MinIO, isolated by a key prefix and a consumer group
 * of its own (started at the topics' end), with events dated on days no other test writes.
 */
export class BiHarness {
  readonly id = randomUUID().slice(0, 8);
  readonly prefix = `bi-it-${this.id}/bi`;
  readonly group = `bi-it-${this.id}`;
  readonly s3 = new S3Client({
    endpoint: stackEnv.s3Endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: stackEnv.s3AccessKey, secretAccessKey: stackEnv.s3SecretKey },
  });
  private readonly kafka = createKafka({ brokers: stackEnv.kafkaBrokers, clientId: `bi-it-${this.id}` });
  private readonly producer = createProducer(this.kafka);
  private workDir = '';
  private readDir = '';
  private duck?: DuckDBInstance;
  private readonly processes: ServiceProcess[] = [];

  async setUp(): Promise<void> {
    await seekGroupToEnd(this.group);
    await this.producer.connect();
    this.workDir = await mkdtemp(join(tmpdir(), 'bi-it-work-'));
    this.readDir = await mkdtemp(join(tmpdir(), 'bi-it-read-'));
    this.duck = await DuckDBInstance.create(':memory:');
  }

  async tearDown(): Promise<void> {
    await this.stop();
    await this.producer.disconnect();
    this.s3.destroy();
    await rm(this.workDir, { recursive: true, force: true });
    await rm(this.readDir, { recursive: true, force: true });
  }

  /** Starts the exporter as its own process and waits until it is ready. */
  async start(port: number, env: NodeJS.ProcessEnv = {}): Promise<ServiceProcess> {
    const service = this.launch(port, env);
    await service.ready(150_000);
    return service;
  }

  /** Where an exporter started on `port` serves /metrics (its own port, which the API port never exposes). */
  static metricsUrl(port: number): string {
    return `http://127.0.0.1:${port + 900}/metrics`;
  }

  /** Starts the exporter as its own process without waiting (it may be set to crash soon). */
  launch(port: number, env: NodeJS.ProcessEnv = {}): ServiceProcess {
    const service = new ServiceProcess('bi-exporter', port, {
      INTERNAL_AUTH_SECRET: 'bi-integration-internal-secret',
      BI_PREFIX: this.prefix,
      BI_CONSUMER_GROUP: this.group,
      BI_PSEUDONYM_SALT: SALT,
      BI_FLUSH_INTERVAL_MS: '400',
      BI_WORK_DIR: `${this.workDir}/${port}`,
      // One writer at a time in these tests (except where two run on purpose): leftovers go at once.
      BI_STAGING_GRACE_MS: '0',
      METRICS_PORT: String(port + 900),
      LOG_LEVEL: 'warn',
      ...env,
    });
    this.processes.push(service);
    service.start();
    return service;
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.splice(0).map((service) => service.stop()));
  }

  /** Publishes events the way a service's outbox relay does: envelope, keyed like the contract. */
  async produce(events: Envelope[]): Promise<void> {
    for (const event of events)
      await this.producer.send({
        topic: event.type,
        acks: -1,
        messages: [{ key: keyOf(event.type, event.data as never), value: JSON.stringify(event) }],
      });
  }

  event<T extends Topic>(topic: T, data: PayloadOf<T>, occurredAt: string, actorId: string | null = null) {
    return buildEnvelope(topic, data, { actorId, occurredAt: new Date(occurredAt) });
  }

  /** Offsets the exporter's group has committed on `topic`, summed over partitions, and the topic's end. */
  async offsets(topic: string): Promise<{ committed: number; end: number }> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [group] = await admin.fetchOffsets({ groupId: this.group, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      const sum = (values: string[]) =>
        values.reduce((total, value) => total + Math.max(0, Number(value)), 0);
      return {
        committed: sum(group.partitions.map((partition) => partition.offset)),
        end: sum(ends.map((partition) => partition.high)),
      };
    } finally {
      await admin.disconnect();
    }
  }

  async keys(under = ''): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: stackEnv.s3Bucket,
          Prefix: `${this.prefix}/${under}`,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) keys.push(object.Key!);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async text(key: string): Promise<string | undefined> {
    try {
      const response = await this.s3.send(new GetObjectCommand({ Bucket: stackEnv.s3Bucket, Key: key }));
      return await response.Body!.transformToString();
    } catch {
      return undefined;
    }
  }

  async manifest(feed: string, version: number, day: string): Promise<ManifestJson | undefined> {
    const body = await this.text(`${this.prefix}/${feed}/v${version}/dt=${day}/_manifest.json`);
    return body === undefined ? undefined : (JSON.parse(body) as ManifestJson);
  }

  async waitForRows(feed: string, version: number, day: string, rows: number): Promise<ManifestJson> {
    let last: ManifestJson | undefined;
    await waitFor(
      `${feed} v${version} ${day} to hold ${rows} committed rows`,
      async () => {
        last = await this.manifest(feed, version, day);
        return (last?.row_count ?? 0) >= rows;
      },
      120_000,
      250,
    );
    return last!;
  }

  /** Downloads objects to local files for DuckDB (the bundled DuckDB has no S3 extension offline). */
  async download(keys: string[]): Promise<string[]> {
    const paths: string[] = [];
    for (const key of keys) {
      const response = await this.s3.send(new GetObjectCommand({ Bucket: stackEnv.s3Bucket, Key: key }));
      const path = join(this.readDir, key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await response.Body!.transformToByteArray());
      paths.push(path);
    }
    return paths;
  }

  /** Runs SQL in DuckDB; `files` are local paths, bound as the list `$files`. */
  async query<T = Record<string, unknown>>(sql: string, files: string[] = []): Promise<T[]> {
    const connection = await this.duck!.connect();
    try {
      const list = `[${files.map((file) => `'${file.replaceAll("'", "''")}'`).join(', ')}]`;
      const reader = await connection.runAndReadAll(sql.replaceAll('$files', list));
      return reader.getRowObjectsJson() as T[];
    } finally {
      connection.closeSync();
    }
  }

  /** The files a manifest lists, downloaded. */
  async manifestFiles(feed: string, version: number, day: string): Promise<string[]> {
    const manifest = await this.manifest(feed, version, day);
    return this.download(manifest?.files.map((file) => file.key) ?? []);
  }

  /** What an Athena table or a glob reader sees: every `part-*.parquet` under the day's folder. */
  async visibleFiles(feed: string, version: number, day: string): Promise<string[]> {
    const keys = (await this.keys(`${feed}/v${version}/dt=${day}/`)).filter((key) =>
      /\/part-[^/]*\.parquet$/.test(key),
    );
    return this.download(keys);
  }
}

/** A day no other run writes to: events in the feeds are partitioned by their own time. */
export function uniqueDay(): string {
  const start = Date.UTC(2001, 0, 1);
  const day = new Date(start + Math.floor(Math.random() * 7000) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

export const at = (day: string, hh: number, mm = 0) =>
  `${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000Z`;
