import { Topics, UserRolesView } from '@colink/contracts';
import { Identity, Outbox } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { KeycloakAdminClient } from './keycloak-admin.client';
import { RolesRepository } from './roles.repository';

@Injectable()
export class RolesService {
  constructor(
    private readonly keycloak: KeycloakAdminClient,
    private readonly repo: RolesRepository,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Applies the roles in Keycloak (`member` is always kept: it is every user's default role); they
   * show in the user's next token. The change is audited as `user.roles_changed`.
   */
  async set(identity: Identity, userId: string, roles: string[]): Promise<UserRolesView> {
    const wanted = [...new Set(['member', ...roles])];
    const after = await this.keycloak.setRealmRoles(userId, wanted);
    await this.repo.transaction((tx) =>
      this.outbox.enqueue(
        tx,
        Topics.AuditRecorded,
        {
          id: randomUUID(),
          actor_id: identity.sub,
          action: 'user.roles_changed',
          resource_type: 'user',
          resource_id: userId,
          details: { roles: after },
          occurred_at: new Date().toISOString(),
        },
        { actorId: identity.sub },
      ),
    );
    return { user_id: userId, roles: after };
  }
}
