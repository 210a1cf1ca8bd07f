import { createHmac, timingSafeEqual } from 'node:crypto';
import { Identity } from './identity';

/**
 * The gateway forwards the verified identity to services in this header, signed with a secret only
 * the gateway and the services hold, so a client that reaches a service directly cannot forge it.
 */
export const IDENTITY_HEADER = 'x-colink-identity';
const MAX_AGE_S = 60;

interface SignedIdentity extends Identity {
  iat: number;
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export function signIdentity(identity: Identity, secret: string, now = Date.now()): string {
  const body = Buffer.from(
    JSON.stringify({ ...identity, iat: Math.floor(now / 1000) } satisfies SignedIdentity),
  ).toString('base64url');
  return `${body}.${sign(body, secret)}`;
}

export function verifyIdentity(
  header: string | undefined,
  secret: string,
  now = Date.now(),
): Identity | null {
  if (!header) return null;
  const [body, mac, extra] = header.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: SignedIdentity;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SignedIdentity;
  } catch {
    return null;
  }
  const age = Math.floor(now / 1000) - parsed.iat;
  if (!Number.isFinite(age) || age > MAX_AGE_S || age < -MAX_AGE_S) return null;
  return {
    sub: parsed.sub,
    username: parsed.username,
    email: parsed.email,
    name: parsed.name,
    roles: parsed.roles,
  };
}
