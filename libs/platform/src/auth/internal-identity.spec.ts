import { IdentityVerifier, signIdentity, verifyIdentity } from './internal-identity';

describe('internal identity header', () => {
  const secret = 'a-secret-of-thirty-two-characters!';
  const identity = {
    sub: '2b1f9c1e-0d6a-4e7b-9a55-3c1d2e3f4a5b',
    username: 'alice',
    email: 'alice@example.com',
    name: 'Alice',
    roles: ['member'],
  };

  it('round-trips what the gateway signed', () => {
    expect(verifyIdentity(signIdentity(identity, secret), secret)).toEqual(identity);
  });

  it('refuses a forged, re-signed, tampered or stale header', () => {
    const header = signIdentity(identity, secret);
    const [body, mac] = header.split('.');
    const elevated = Buffer.from(
      JSON.stringify({ ...identity, roles: ['admin'], iat: Math.floor(Date.now() / 1000) }),
    ).toString('base64url');
    expect(verifyIdentity(`${elevated}.${mac}`, secret)).toBeNull();
    expect(verifyIdentity(signIdentity(identity, 'another-secret-of-32-characters!!'), secret)).toBeNull();
    expect(verifyIdentity(`${body}.${mac}x`, secret)).toBeNull();
    expect(verifyIdentity(signIdentity(identity, secret, Date.now() - 120_000), secret)).toBeNull();
    expect(verifyIdentity(undefined, secret)).toBeNull();
    expect(verifyIdentity('garbage', secret)).toBeNull();
  });

  it('remembers a verified header and still refuses forged, other-secret and stale ones', () => {
    const verifier = new IdentityVerifier(secret);
    const now = Date.now();
    const header = signIdentity(identity, secret, now);
    expect(verifier.verify(header, now)).toEqual(identity);
    expect(verifier.verify(header, now + 500)).toEqual(identity);
    // The same header, remembered, is refused once it is too old, as an unremembered one is.
    expect(verifier.verify(header, now + 120_000)).toBeNull();
    const [body, mac] = header.split('.');
    expect(verifier.verify(`${body}.${mac}x`, now)).toBeNull();
    expect(verifier.verify(signIdentity(identity, 'another-secret-of-32-characters!!', now), now)).toBeNull();
    expect(verifier.verify(undefined, now)).toBeNull();
    expect(verifier.verify('garbage', now)).toBeNull();
  });
});
