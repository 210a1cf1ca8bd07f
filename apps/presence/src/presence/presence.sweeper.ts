import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PresenceConfig } from '../config';
import { PresenceService } from './presence.service';
import { PRESENCE_CONFIG } from './presence.tokens';

/** Every `PRESENCE_SWEEP_INTERVAL_MS`, announces offline the users whose heartbeat expired. */
@Injectable()
export class PresenceSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PresenceSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(PRESENCE_CONFIG) private readonly config: PresenceConfig,
    private readonly presence: PresenceService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.PRESENCE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return; // the previous sweep is still going: never overlap
    this.running = this.presence
      .sweep()
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error }, 'presence sweep failed'),
      )
      .finally(() => (this.running = undefined));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
