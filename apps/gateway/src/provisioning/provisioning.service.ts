import { Identity, internalCallHeaders } from '@colink/platform';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

const MAX_REMEMBERED = 50_000;

/**
 * Makes sure the users service knows the caller before their request goes on, so a person is
 * provisioned from their token on their first request, with no sign-up call. Identities already
 * seen with the same claims are remembered, so this costs one call per user per gateway, not per request.
 */
@Injectable()
export class ProvisioningService {
  private readonly seen = new Map<string, true>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly usersUrl: string,
    private readonly secret: string,
  ) {}

  async ensure(identity: Identity, requestId: string): Promise<void> {
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          identity.sub,
          identity.username,
          identity.email,
          identity.name,
          [...identity.roles].sort(),
        ]),
      )
      .digest('base64url');
    if (this.seen.has(key)) return;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.provision(identity, requestId).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    await pending;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(key, true);
  }

  private async provision(identity: Identity, requestId: string): Promise<void> {
    const response = await fetch(`${this.usersUrl}/internal/v1/users/provision`, {
      method: 'POST',
      headers: {
        ...internalCallHeaders({ from: 'gateway', to: 'users', secret: this.secret }, identity),
        'x-request-id': requestId,
      },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`users service answered ${response.status} to provisioning`);
  }
}
