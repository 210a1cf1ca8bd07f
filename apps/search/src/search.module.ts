import { MetricsService } from '@colink/platform';
import { DynamicModule, Injectable, Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SearchConfig } from './config';
import { BulkIndexer } from './indexing/bulk-indexer';
import { DocumentsRepository } from './indexing/documents.repository';
import { SearchEventsConsumer } from './indexing/search-events.consumer';
import { ChannelsClient } from './membership/channels.client';
import { MembershipRepository } from './membership/membership.repository';
import { MembershipService } from './membership/membership.service';
import { IndicesRepository } from './opensearch/indices.repository';
import { OpenSearchConnection } from './opensearch/opensearch-connection';
import { SearchController } from './query/search.controller';
import { SearchRepository } from './query/search.repository';
import { SearchService } from './query/search.service';

const SEARCH_CONFIG = Symbol('SEARCH_CONFIG');

/** Creates the indices at start (or as soon as OpenSearch answers), runs the bulk indexer's clock. */
@Injectable()
class SearchLifecycle implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SearchLifecycle.name);

  constructor(
    private readonly indices: IndicesRepository,
    private readonly indexer: BulkIndexer,
    private readonly os: OpenSearchConnection,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.indices.ensure();
    } catch (error) {
      this.logger.warn(
        { err: error },
        'OpenSearch not ready at start: indices are created at the first write',
      );
    }
    this.indexer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.indexer.stop();
    await this.os.close();
  }
}

@Module({})
export class SearchModule {
  static register(config: SearchConfig): DynamicModule {
    return {
      module: SearchModule,
      controllers: [SearchController, SearchEventsConsumer],
      providers: [
        { provide: SEARCH_CONFIG, useValue: config },
        {
          provide: OpenSearchConnection,
          useFactory: () => new OpenSearchConnection(config.OPENSEARCH_URL, config.SEARCH_QUERY_TIMEOUT_MS),
        },
        {
          provide: IndicesRepository,
          inject: [OpenSearchConnection],
          useFactory: (os: OpenSearchConnection) =>
            new IndicesRepository(
              os,
              config.SEARCH_INDEX_PREFIX,
              config.SEARCH_INDEX_REPLICAS,
              config.SEARCH_INDEX_STAMP,
            ),
        },
        {
          provide: BulkIndexer,
          inject: [OpenSearchConnection, IndicesRepository, MetricsService],
          useFactory: (os: OpenSearchConnection, indices: IndicesRepository, metrics: MetricsService) =>
            new BulkIndexer(new DocumentsRepository(os, (kind) => indices.writeTarget(kind)), {
              maxDocs: config.SEARCH_BULK_MAX_DOCS,
              intervalMs: config.SEARCH_BULK_INTERVAL_MS,
              prepare: () => indices.ensure(),
              metrics: {
                lag: metrics.histogram(
                  'colink_search_index_lag_seconds',
                  'Event time to written in the index (searchable within the 1 s refresh), by index',
                  ['index'],
                  [0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 20, 30, 60, 120, 300],
                ),
                bulkSize: metrics.histogram(
                  'colink_search_bulk_docs',
                  'Documents per bulk request',
                  [],
                  [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
                ),
                failures: metrics.counter(
                  'colink_search_bulk_failures_total',
                  'Bulk requests that failed whole (request) and documents OpenSearch rejected (item)',
                  ['reason'],
                ),
                stale: metrics.counter(
                  'colink_search_stale_events_total',
                  'Events older than the indexed document (replays): nothing written',
                ),
                buffered: metrics.gauge('colink_search_buffered_docs', 'Documents waiting for the next bulk'),
              },
            }),
        },
        SearchLifecycle,
        {
          provide: SearchService,
          inject: [OpenSearchConnection, IndicesRepository, MetricsService],
          useFactory: (os: OpenSearchConnection, indices: IndicesRepository, metrics: MetricsService) =>
            new SearchService(
              new MembershipService(
                new MembershipRepository(os, indices),
                new ChannelsClient(config.CHANNELS_URL, config.INTERNAL_AUTH_SECRET),
              ),
              new SearchRepository(os, indices, config.SEARCH_QUERY_TIMEOUT_MS),
              metrics.histogram(
                'colink_search_query_duration_seconds',
                'Search requests, OpenSearch included, by kind and outcome',
                ['kind', 'outcome'],
                [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
              ),
            ),
        },
      ],
    };
  }
}
