import { Logger } from '@nestjs/common';

/** Runs `work` every `intervalMs`, never two at once; stop() waits for the running one. */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
    private readonly work: () => Promise<unknown>,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.work()
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error }, `${this.name} failed`),
      )
      .finally(() => (this.running = undefined));
  }
}
