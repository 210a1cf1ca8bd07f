import { Identity } from './identity';
import { openToken, sealToken } from './signed-token';

/**
 * The gateway forwards the verified identity to services in this header, signed with a secret only
 * the gateway and the services hold, so a client that reaches a service directly cannot forge it.
 */
export const IDENTITY_HEADER = 'x-colink-identity';
const MAX_AGE_S = 60;

interface SignedIdentity extends Identity {
  iat: number;
}

export function signIdentity(identity: Identity, secret: string, now = Date.now()): string {
  return sealToken({ ...identity, iat: Math.floor(now / 1000) } satisfies SignedIdentity, secret);
}

export function verifyIdentity(
  header: string | undefined,
  secret: string,
  now = Date.now(),
): Identity | null {
  const parsed = openToken<SignedIdentity>(header, secret, MAX_AGE_S, now);
  if (!parsed) return null;
  return {
    sub: parsed.sub,
    username: parsed.username,
    email: parsed.email,
    name: parsed.name,
    roles: parsed.roles,
  };
}
