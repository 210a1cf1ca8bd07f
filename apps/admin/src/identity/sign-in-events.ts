import { Topics } from '@colink/contracts';
import { Outbox } from '@colink/platform';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Periodic } from '../common/periodic';
import { AdminConfig } from '../config';
import { ADMIN_CONFIG, KeycloakAdminClient, KeycloakEvent } from './keycloak-admin.client';
import { SignInEventsRepository } from './sign-in-events.repository';

/** The Keycloak event types that are sign-in failures. */
const SIGN_IN_FAILURE_TYPES = ['LOGIN_ERROR'];
/** How far back the first poll looks, and how much each poll re-reads (events land a little late). */
const FIRST_LOOKBACK_MS = 24 * 3600_000;
const OVERLAP_MS = 5 * 60_000;
const PAGE = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Keycloak's sign-in failures (user events stored by the realm, read through the admin API as the
 * colink-admin-service account, which needs realm-management view-events) become audit entries
 * `auth.sign_in_failed`. Deduplicated by the Keycloak event id, so overlapping polls and several
 * instances add each failure once.
 */
@Injectable()
export class SignInEvents implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SignInEvents.name);
  private readonly periodic = new Periodic('sign-in events poll', this.logger, () => this.poll());

  constructor(
    @Inject(ADMIN_CONFIG) private readonly config: AdminConfig,
    private readonly keycloak: KeycloakAdminClient,
    private readonly repo: SignInEventsRepository,
    private readonly outbox: Outbox,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.KEYCLOAK_CLIENT_SECRET && this.config.KEYCLOAK_EVENTS_POLL_MS > 0)
      this.periodic.start(this.config.KEYCLOAK_EVENTS_POLL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.periodic.stop();
  }

  /** Audits the failures not seen yet; answers how many this call added. */
  async poll(now = Date.now()): Promise<number> {
    const latest = await this.repo.latest();
    const since = latest ? latest.getTime() - OVERLAP_MS : now - FIRST_LOOKBACK_MS;
    const events = await this.keycloak.events(SIGN_IN_FAILURE_TYPES, since, PAGE);
    let added = 0;
    for (const event of events) {
      const id = event.id ?? fallbackId(event);
      const fresh = await this.repo.transaction(async (tx) => {
        if (!(await this.repo.markSeen(tx, id, new Date(event.time)))) return false;
        await this.outbox.enqueue(tx, Topics.AuditRecorded, toAudit(id, event));
        return true;
      });
      if (fresh) added += 1;
    }
    return added;
  }
}

/** Older Keycloaks give events no id: one made of what identifies the event. */
function fallbackId(event: KeycloakEvent): string {
  return createHash('sha256')
    .update(
      JSON.stringify([event.time, event.type, event.userId, event.ipAddress, event.error, event.details]),
    )
    .digest('hex');
}

/** A uuid derived from the Keycloak event id, so the audit record's id is stable too. */
function auditId(eventId: string): string {
  const hex = createHash('sha256').update(`keycloak-event:${eventId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function toAudit(id: string, event: KeycloakEvent) {
  const userId = event.userId && UUID.test(event.userId) ? event.userId : null;
  const username = event.details?.username ?? null;
  return {
    id: auditId(id),
    actor_id: userId,
    action: 'auth.sign_in_failed',
    resource_type: 'user',
    resource_id: (userId ?? username)?.slice(0, 255) ?? null,
    details: {
      keycloak_event_id: id,
      event_type: event.type,
      error: event.error ?? null,
      username,
      client_id: event.clientId ?? null,
      ip_address: event.ipAddress ?? null,
    },
    occurred_at: new Date(event.time).toISOString(),
  };
}
