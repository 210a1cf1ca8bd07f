import { PresenceView } from '@colink/contracts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { PresenceConfig } from '../config';
import { PresenceEventsPublisher } from './presence-events.publisher';
import { effectiveStatus, isoOrNull } from './presence-status';
import { PresenceErrorCode, presenceError } from './presence.errors';
import { PresenceRepository } from './presence.repository';
import { PRESENCE_CONFIG } from './presence.tokens';
import { PresenceChange, PresenceStatus } from './presence.types';

@Injectable()
export class PresenceService {
  private readonly logger = new Logger(PresenceService.name);

  constructor(
    @Inject(PRESENCE_CONFIG) private readonly config: PresenceConfig,
    private readonly repo: PresenceRepository,
    private readonly events: PresenceEventsPublisher,
  ) {}

  /** `PUT /presence/me`: the chosen status; the request itself counts as a heartbeat. */
  async setStatus(userId: string, status: PresenceStatus): Promise<PresenceView> {
    const now = Date.now();
    await this.announce(await this.repo.beat(userId, now, status), userId);
    return this.view(userId, status, now, now);
  }

  async heartbeat(userId: string): Promise<PresenceView> {
    const now = Date.now();
    await this.announce(await this.repo.beat(userId, now), userId);
    const [record] = await this.repo.read([userId]);
    return this.view(userId, record.chosen, record.heartbeatMs, record.lastSeenMs);
  }

  async disconnect(userId: string): Promise<PresenceView> {
    const now = Date.now();
    await this.announce(await this.repo.disconnect(userId, now), userId);
    const [record] = await this.repo.read([userId]);
    return this.view(userId, record.chosen, record.heartbeatMs, record.lastSeenMs);
  }

  async list(userIds: string[]): Promise<PresenceView[]> {
    const unique = [...new Set(userIds.map((id) => id.toLowerCase()))];
    const records = await this.repo.read(unique);
    return records.map((r) => this.view(r.userId, r.chosen, r.heartbeatMs, r.lastSeenMs));
  }

  /**
   * One sweep: claims users whose heartbeat expired and announces them offline. Claims are ZREMs in
   * one script, so with several replicas each user is announced by exactly one of them.
   */
  async sweep(maxSteps = 20): Promise<number> {
    let announced = 0;
    for (let step = 0; step < maxSteps; step += 1) {
      const cutoff = Date.now() - this.config.PRESENCE_TTL_S * 1000;
      const { claimed, changes } = await this.repo.claimExpired(cutoff, this.config.PRESENCE_SWEEP_BATCH);
      for (const change of changes) {
        try {
          await this.events.publish(change, null);
          announced += 1;
        } catch (error) {
          this.logger.warn({ err: error, user_id: change.userId }, 'presence.updated not published');
          await this.repo.revert(change);
        }
      }
      if (claimed < this.config.PRESENCE_SWEEP_BATCH) break;
    }
    return announced;
  }

  private async announce(change: PresenceChange | null, actorId: string): Promise<void> {
    if (!change) return;
    try {
      await this.events.publish(change, actorId);
    } catch (error) {
      this.logger.warn({ err: error, user_id: change.userId }, 'presence.updated not published');
      await this.repo.revert(change).catch(() => undefined);
      throw presenceError(PresenceErrorCode.EventNotPublished);
    }
  }

  private view(
    userId: string,
    chosen: PresenceStatus | null,
    heartbeatMs: number | null,
    lastSeenMs: number | null,
  ): PresenceView {
    const liveUntil = heartbeatMs === null ? null : heartbeatMs + this.config.PRESENCE_TTL_S * 1000;
    return {
      user_id: userId,
      status: effectiveStatus(chosen, liveUntil, Date.now()),
      last_seen_at: isoOrNull(lastSeenMs),
    };
  }
}
