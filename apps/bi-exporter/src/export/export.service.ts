import { Envelope } from '@colink/contracts';
import { HandlerContext } from '@colink/platform';
import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { FeedExporter } from './feed-exporter';

/** The exporter's life in the service: recovery before consuming, intake with backpressure, shutdown. */
@Injectable()
export class ExportService implements OnModuleInit, OnApplicationShutdown {
  constructor(private readonly exporter: FeedExporter) {}

  /** Runs before the Kafka consumer starts (that happens at application bootstrap). */
  async onModuleInit(): Promise<void> {
    await this.exporter.start();
  }

  /** Buffers the event's row; its offset is committed (deferred acknowledgement) once the row is. */
  async accept(event: Envelope, ctx: HandlerContext): Promise<void> {
    this.exporter.accept(event, {
      topic: event.type,
      partition: ctx.partition,
      offset: ctx.offset,
      commit: ctx.commit,
    });
    await this.exporter.admit(ctx.heartbeat);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.exporter.stop();
  }
}
