import {
  CreateModerationAction,
  ListModerationActionsQuery,
  ModerationActionView,
  Page,
  Topics,
} from '@colink/contracts';
import { Identity, Outbox, decodeCursor, encodeCursor } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AdminErrorCode, adminError } from '../common/admin.errors';
import { KeycloakAdminClient } from '../identity/keycloak-admin.client';
import { ChannelsClient } from './channels.client';
import { MessagingClient } from './messaging.client';
import { ModerationRepository, ModerationRow } from './moderation.repository';

const CursorSchema = z.object({ created_at: z.iso.datetime({ offset: true }), id: z.uuid() });

function toModerationView(row: ModerationRow): ModerationActionView {
  return {
    id: row.id,
    action: row.action,
    target_user_id: row.target_user_id,
    channel_id: row.channel_id,
    moderator_id: row.moderator_id,
    reason: row.reason,
    duration_s: row.duration_s,
    expires_at: row.expires_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}

@Injectable()
export class ModerationService {
  constructor(
    private readonly repo: ModerationRepository,
    private readonly outbox: Outbox,
    private readonly keycloak: KeycloakAdminClient,
    private readonly channels: ChannelsClient,
    private readonly messaging: MessagingClient,
  ) {}

  /**
   * Applies the action's effect outside CoLink first (Keycloak for ban/unban, channels for a kick):
   * when that fails nothing is recorded. Then the action and its `moderation.action` event commit
   * together; messaging (mutes), the real-time gateway and the audit log follow the event.
   */
  async act(identity: Identity, body: CreateModerationAction): Promise<ModerationActionView> {
    if (body.target_user_id === identity.sub) throw adminError(AdminErrorCode.SelfAction);
    const now = new Date();
    const row: ModerationRow = {
      id: randomUUID(),
      action: body.action,
      target_user_id: body.target_user_id,
      channel_id: body.channel_id ?? null,
      moderator_id: identity.sub,
      reason: body.reason,
      duration_s: body.duration_s ?? null,
      expires_at: body.duration_s ? new Date(now.getTime() + body.duration_s * 1000) : null,
      created_at: now,
    };
    if (body.action === 'ban') {
      await this.keycloak.setEnabled(body.target_user_id, false);
      await this.keycloak.logout(body.target_user_id);
    } else if (body.action === 'unban') {
      await this.keycloak.setEnabled(body.target_user_id, true);
    } else if (body.action === 'kick') {
      await this.channels.removeMember(identity, body.channel_id!, body.target_user_id);
    }
    const view = toModerationView(row);
    await this.repo.transaction(async (tx) => {
      await this.repo.insert(tx, row);
      await this.outbox.enqueue(tx, Topics.ModerationAction, view, { actorId: identity.sub });
    });
    return view;
  }

  /** Removes a message (a tombstone, through messaging) and audits it with the reason. */
  async removeMessage(identity: Identity, messageId: string, reason: string): Promise<void> {
    await this.messaging.removeMessage(identity, messageId);
    await this.repo.transaction((tx) =>
      this.outbox.enqueue(
        tx,
        Topics.AuditRecorded,
        {
          id: randomUUID(),
          actor_id: identity.sub,
          action: 'message.removed',
          resource_type: 'message',
          resource_id: messageId,
          details: { reason },
          occurred_at: new Date().toISOString(),
        },
        { actorId: identity.sub },
      ),
    );
  }

  async list(query: ListModerationActionsQuery): Promise<Page<ModerationActionView>> {
    let before: { created_at: string; id: string } | undefined;
    if (query.cursor) {
      const key = decodeCursor(query.cursor, CursorSchema);
      if (!key) throw adminError(AdminErrorCode.BadCursor);
      before = key;
    }
    const rows = await this.repo.list({ targetUserId: query.target_user_id, before }, query.limit + 1);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toModerationView),
      next_cursor:
        rows.length > query.limit && last
          ? encodeCursor({ created_at: last.created_at.toISOString(), id: last.id })
          : null,
    };
  }
}
