import { KafkaService, MetricsService } from '@colink/platform';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { FilesRepository } from './files.repository';

const POLL_MS = 250;
const BATCH = 100;

/**
 * Publishes the events that file changes leave in their documents (the service's outbox, kept in
 * MongoDB beside the change it announces), then clears them. A crash between Kafka's ack and the
 * clear re-sends them: consumers dedupe on the event id.
 */
@Injectable()
export class FileEventsRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FileEventsRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private readonly published: Counter;

  constructor(
    private readonly files: FilesRepository,
    private readonly kafka: KafkaService,
    metrics: MetricsService,
  ) {
    this.published = metrics.counter('colink_events_published_total', 'Events published from the outbox');
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.flush()
        .then((sent) => this.schedule(sent === BATCH ? 0 : POLL_MS))
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'publishing file events failed; retrying');
          this.schedule(2_000);
        });
    }, delay);
  }

  private async flush(): Promise<number> {
    const files = await this.files.withPendingEvents(BATCH);
    for (const file of files) {
      const byTopic = new Map<string, typeof file.pending_events>();
      for (const row of file.pending_events) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      await this.kafka.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, rows]) => ({
          topic,
          messages: rows.map((row) => ({
            key: row.key,
            value: JSON.stringify(row.value),
            headers: { ...row.headers, event_id: row.id },
          })),
        })),
      });
      await this.files.clearPublished(file._id, file.revision);
      this.published.inc(file.pending_events.length);
    }
    return files.length;
  }
}
