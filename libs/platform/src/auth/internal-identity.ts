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
  return identityOf(parsed);
}

function identityOf(parsed: SignedIdentity): Identity {
  return {
    sub: parsed.sub,
    username: parsed.username,
    email: parsed.email,
    name: parsed.name,
    roles: parsed.roles,
  };
}

/** Verified headers remembered at most: past it the memory starts again (a few MB at most). */
const VERIFIED_MAX = 10_000;

/**
 * `verifyIdentity` for one secret, remembering the headers it verified by their exact text. The
 * gateway signs a user's identity with the second it was signed in (`iat`), so the requests of one
 * user within a second carry the same header: each is checked by a Map lookup and its age instead
 * of an HMAC, a base64 decode and a JSON parse. A header is only ever remembered after its HMAC
 * checked out, and its age is checked again on every use, so it is refused past MAX_AGE_S as before.
 */
export class IdentityVerifier {
  private readonly verified = new Map<string, SignedIdentity>();

  constructor(private readonly secret: string) {}

  verify(header: string | undefined, now = Date.now()): Identity | null {
    if (!header) return null;
    const known = this.verified.get(header);
    if (known) {
      const age = Math.floor(now / 1000) - known.iat;
      return age > MAX_AGE_S || age < -MAX_AGE_S ? null : identityOf(known);
    }
    const parsed = openToken<SignedIdentity>(header, this.secret, MAX_AGE_S, now);
    if (!parsed) return null;
    if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
    this.verified.set(header, parsed);
    return identityOf(parsed);
  }
}
