import { Envelope, Topics } from '@colink/contracts';
import { HandlerContext } from '@colink/platform';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AuditRepository } from './audit.repository';

/**
 * Every service reports security-relevant actions as `audit.recorded`; moderation actions are audited
 * from `moderation.action`. Each becomes one entry at the chain's head, in the dedupe mark's
 * transaction, keyed by the event id (a redelivery adds nothing).
 */
@Controller()
export class AuditEventsConsumer {
  constructor(private readonly repo: AuditRepository) {}

  @EventPattern(Topics.AuditRecorded)
  async onAuditRecorded(
    @Payload() event: Envelope<'audit.recorded'>,
    @Ctx() { tx, headers }: HandlerContext,
  ): Promise<void> {
    const data = event.data;
    await this.repo.append(tx, {
      id: event.id,
      occurred_at: new Date(data.occurred_at),
      actor_id: data.actor_id ?? event.actor_id,
      action: data.action,
      resource_type: data.resource_type,
      resource_id: data.resource_id,
      request_id: headers.request_id ?? null,
      trace_id: event.trace_id,
      details: { ...data.details, audit_id: data.id },
    });
  }

  @EventPattern(Topics.ModerationAction)
  async onModerationAction(
    @Payload() event: Envelope<'moderation.action'>,
    @Ctx() { tx, headers }: HandlerContext,
  ): Promise<void> {
    const data = event.data;
    await this.repo.append(tx, {
      id: event.id,
      occurred_at: new Date(data.created_at),
      actor_id: data.moderator_id,
      action: `moderation.${data.action}`,
      resource_type: 'user',
      resource_id: data.target_user_id,
      request_id: headers.request_id ?? null,
      trace_id: event.trace_id,
      details: {
        moderation_action_id: data.id,
        channel_id: data.channel_id,
        reason: data.reason,
        duration_s: data.duration_s,
        expires_at: data.expires_at,
      },
    });
  }
}
