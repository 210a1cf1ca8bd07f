import { MetricsService } from '@colink/platform';
import { Counter, Gauge, Histogram } from 'prom-client';

/** The exporter's business metrics, on the service's /metrics. */
export class ExportMetrics {
  readonly rows: Counter<'feed'>;
  readonly files: Counter<'feed'>;
  readonly duplicates: Counter<'feed'>;
  readonly failures: Counter<'stage'>;
  readonly lag: Histogram<'feed'>;
  readonly pending: Gauge;
  readonly lastCommit: Gauge;

  constructor(metrics: MetricsService) {
    this.rows = metrics.counter('colink_bi_rows_written_total', 'Rows committed to a feed', ['feed']);
    this.files = metrics.counter('colink_bi_files_written_total', 'Parquet files committed', ['feed']);
    this.duplicates = metrics.counter(
      'colink_bi_duplicates_skipped_total',
      'Events skipped because their event id was already committed or pending',
      ['feed'],
    );
    this.failures = metrics.counter(
      'colink_bi_failures_total',
      'Failed export steps (commit, aggregate, recovery, mapping), retried',
      ['stage'],
    );
    this.lag = metrics.histogram(
      'colink_bi_export_lag_seconds',
      'From event time to the commit of the file holding the row',
      ['feed'],
      [1, 5, 15, 30, 60, 120, 300, 900, 3600, 21600, 86400],
    );
    this.pending = metrics.gauge('colink_bi_pending_rows', 'Rows consumed but not yet committed');
    this.lastCommit = metrics.gauge(
      'colink_bi_last_commit_timestamp_seconds',
      'When the exporter last committed files (Unix time)',
    );
  }
}
