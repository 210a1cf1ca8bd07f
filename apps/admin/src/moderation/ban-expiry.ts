import { Topics } from '@colink/contracts';
import { Outbox } from '@colink/platform';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Periodic } from '../common/periodic';
import { AdminConfig } from '../config';
import { ADMIN_CONFIG, KeycloakAdminClient } from '../identity/keycloak-admin.client';
import { ModerationRepository } from './moderation.repository';

const BATCH = 50;

/**
 * A ban with a duration ends by itself: every `BAN_EXPIRY_INTERVAL_MS` the bans that are due are
 * lifted (the user enabled again in Keycloak) and audited as `moderation.ban_expired`. Several
 * instances may run it: enabling twice is harmless and only one marks the ban lifted and audits it.
 */
@Injectable()
export class BanExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BanExpiry.name);
  private readonly periodic = new Periodic('ban expiry', this.logger, () => this.liftDue());

  constructor(
    @Inject(ADMIN_CONFIG) private readonly config: AdminConfig,
    private readonly repo: ModerationRepository,
    private readonly keycloak: KeycloakAdminClient,
    private readonly outbox: Outbox,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.KEYCLOAK_CLIENT_SECRET) this.periodic.start(this.config.BAN_EXPIRY_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.periodic.stop();
  }

  /** Lifts the bans that are due; answers how many this call lifted. */
  async liftDue(now = new Date()): Promise<number> {
    const due = await this.repo.dueBans(now, BATCH);
    let lifted = 0;
    for (const ban of due) {
      await this.keycloak.setEnabled(ban.target_user_id, true);
      const mine = await this.repo.transaction(async (tx) => {
        if (!(await this.repo.markLifted(tx, ban.id, new Date()))) return false;
        await this.outbox.enqueue(tx, Topics.AuditRecorded, {
          id: randomUUID(),
          actor_id: null,
          action: 'moderation.ban_expired',
          resource_type: 'user',
          resource_id: ban.target_user_id,
          details: {
            moderation_action_id: ban.id,
            moderator_id: ban.moderator_id,
            reason: ban.reason,
            expires_at: ban.expires_at?.toISOString() ?? null,
          },
          occurred_at: (ban.expires_at ?? now).toISOString(),
        });
        return true;
      });
      if (mine) lifted += 1;
    }
    return lifted;
  }
}
