import 'reflect-metadata';
import { ConfigError, createKafka, startEventTransport } from '@colink/platform';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadSearchConfig } from '../config';
import { INDEXED_TOPICS } from '../indexing/search-events.consumer';
import { INDEX_KINDS, indexNameOf } from '../opensearch/index-definitions';
import { IndicesRepository } from '../opensearch/indices.repository';
import { OpenSearchConnection } from '../opensearch/opensearch-connection';
import { ReindexProgress } from './reindex-progress';

/**
 * `tools/colink reindex [--keep-old]`: rebuilds every search index from Kafka without downtime.
 * New indices are created beside the live ones and filled by a consumer group of their own reading
 * every topic from the beginning; once it has caught up, each alias moves to its new index in one
 * atomic step, the rebuild reads on until it has caught up again (the live indexer may have written
 * to the old indices meanwhile: replays are harmless), and the old indices are deleted.
 */
async function main(): Promise<void> {
  const keepOld = process.argv.includes('--keep-old');
  const base = loadSearchConfig();
  const stamp = String(Date.now());
  const started = Date.now();
  const say = (line: string) => process.stdout.write(`reindex: ${line}\n`);

  const os = new OpenSearchConnection(base.OPENSEARCH_URL, 30_000);
  const live = new IndicesRepository(os, base.SEARCH_INDEX_PREFIX, base.SEARCH_INDEX_REPLICAS);
  await live.ensure();
  const kafka = createKafka({ brokers: base.KAFKA_BROKERS, clientId: 'colink-search-reindex' });
  const admin = kafka.admin();
  await admin.connect();
  const serviceName = `${base.SERVICE_NAME}-reindex-${stamp}`;
  const progress = new ReindexProgress(admin, `colink-${serviceName}`, [...INDEXED_TOPICS]);

  const target = await progress.endOffsets();
  say(`building ${INDEX_KINDS.map((kind) => indexNameOf(base.SEARCH_INDEX_PREFIX, kind, stamp)).join(', ')}`);
  say(`replaying ${progress.total(target)} events from the beginning of ${INDEXED_TOPICS.length} topics`);
  const app = await NestFactory.create(
    AppModule.register({
      ...base,
      SERVICE_NAME: serviceName,
      SEARCH_INDEX_STAMP: stamp,
      SEARCH_BULK_MAX_DOCS: Math.max(base.SEARCH_BULK_MAX_DOCS, 1000),
      SEARCH_BULK_INTERVAL_MS: Math.min(base.SEARCH_BULK_INTERVAL_MS, 1000),
    }),
    { logger: ['error', 'warn'] },
  );
  await app.init();
  // Consumes without serving HTTP.
  await startEventTransport(app);
  try {
    const stalled = await progress.waitUntilCommitted(target, (done) =>
      say(`${done} of ${progress.total(target)} events written`),
    );
    if (stalled.length > 0)
      say(`no progress for 30 s on ${stalled.join('; ')} (dead-lettered records?): going on`);
    for (const kind of INDEX_KINDS) {
      const index = indexNameOf(base.SEARCH_INDEX_PREFIX, kind, stamp);
      await live.refresh(index);
      const previous = await live.swapAlias(kind, index);
      say(
        `${live.alias(kind)} -> ${index} (${await live.count(index)} documents; was ${previous.join(', ') || 'none'})`,
      );
      if (!keepOld) for (const old of previous) await live.deleteIndex(old);
    }
    // Events the live indexer wrote to the old indices while the aliases moved: written again here.
    await progress.waitUntilCommitted(await progress.endOffsets(), () => undefined, 10_000);
  } finally {
    await app.close();
    await admin.deleteGroups([`colink-${serviceName}`]).catch(() => undefined);
    await admin.disconnect();
    await os.close();
  }
  say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s${keepOld ? ' (old indices kept)' : ''}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `reindex: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(error instanceof ConfigError ? 78 : 1);
});
