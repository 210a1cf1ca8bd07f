import { createHmac } from 'node:crypto';
import { IDENTITY_HEADER, signIdentity } from './internal-identity';
import { Identity } from './identity';
import { openToken, sealToken } from './signed-token';

/**
 * A service's own credential, apart from the user identity it may carry: `/internal/*` routes
 * require it. Signed with a key derived from the shared secret for this purpose only, so no user
 * identity header (which the gateway signs for every proxied request) can pass as one. `aud` names
 * the one service it is for; it lives a minute.
 */
export const SERVICE_HEADER = 'x-colink-service';
const MAX_AGE_S = 60;

export interface ServiceClaims {
  /** The calling service. */
  iss: string;
  /** The service called. */
  aud: string;
  iat: number;
}

function serviceKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('colink service credential v1').digest();
}

export function signServiceCredential(from: string, to: string, secret: string, now = Date.now()): string {
  return sealToken(
    { iss: from, aud: to, iat: Math.floor(now / 1000) } satisfies ServiceClaims,
    serviceKey(secret),
  );
}

/** The verified claims when the credential is genuine, fresh and for `audience`; otherwise null. */
export function verifyServiceCredential(
  header: string | undefined,
  secret: string,
  audience: string,
  now = Date.now(),
): ServiceClaims | null {
  const claims = openToken<ServiceClaims>(header, serviceKey(secret), MAX_AGE_S, now);
  if (!claims || typeof claims.iss !== 'string' || claims.aud !== audience) return null;
  return claims;
}

/**
 * The headers one service sends to call another's `/internal/*` route on behalf of a user: the
 * service credential for `to`, and the user's identity.
 */
export function internalCallHeaders(
  call: { from: string; to: string; secret: string },
  identity: Identity,
): Record<string, string> {
  return {
    [SERVICE_HEADER]: signServiceCredential(call.from, call.to, call.secret),
    [IDENTITY_HEADER]: signIdentity(identity, call.secret),
  };
}
