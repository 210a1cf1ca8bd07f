import { JWTPayload, createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { Identity } from './identity';

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  clockToleranceS?: number;
}

export class TokenRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TokenRejected';
  }
}

interface KeycloakClaims extends JWTPayload {
  preferred_username?: string;
  email?: string;
  name?: string;
  realm_access?: { roles?: string[] };
  typ?: string;
}

/** Verified tokens remembered at most, per process (each entry is the token and its identity). */
const MAX_REMEMBERED = 10_000;

/**
 * Verifies Keycloak access tokens against the realm's JWKS. jose caches the key set and refetches
 * it (rate-limited) when a token names a key id it has not seen, which is how rotation is handled.
 * A token that verified is remembered until it expires: the same bytes give the same answer (its
 * signature, issuer and audience do not change), so a client's next requests with it skip the
 * signature check; its expiry is still checked on every use.
 */
export class JwtVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly verified = new Map<string, { identity: Identity; expiresAtS: number }>();

  constructor(private readonly options: JwtVerifierOptions) {
    const url = options.jwksUrl ?? `${options.issuer}/protocol/openid-connect/certs`;
    this.jwks = createRemoteJWKSet(new URL(url), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
  }

  async verify(token: string): Promise<Identity> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() / 1000 <= known.expiresAtS + (this.options.clockToleranceS ?? 5))
        return { ...known.identity, roles: [...known.identity.roles] }; // callers may not share one
      this.verified.delete(token);
    }
    const { identity, expiresAtS } = await this.verifyToken(token);
    if (this.verified.size >= MAX_REMEMBERED)
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { identity, expiresAtS });
    return identity;
  }

  private async verifyToken(token: string): Promise<{ identity: Identity; expiresAtS: number }> {
    let payload: KeycloakClaims;
    try {
      ({ payload } = await jwtVerify<KeycloakClaims>(token, this.jwks, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256'],
        clockTolerance: this.options.clockToleranceS ?? 5,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      throw new TokenRejected(describe(error));
    }
    if (payload.typ && payload.typ !== 'Bearer') throw new TokenRejected('not an access token');
    if (!payload.sub || !payload.preferred_username)
      throw new TokenRejected('token lacks sub or preferred_username');
    return {
      identity: {
        sub: payload.sub,
        username: payload.preferred_username,
        email: payload.email ?? null,
        name: payload.name ?? null,
        roles: payload.realm_access?.roles ?? [],
      },
      expiresAtS: payload.exp ?? 0,
    };
  }
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `claim ${error.claim} is not valid`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'signed by an unknown key';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid)
    return 'malformed token';
  return 'token could not be verified';
}
