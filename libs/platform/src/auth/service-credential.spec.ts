import { signIdentity } from './internal-identity';
import { IDENTITY_HEADER } from './internal-identity';
import {
  SERVICE_HEADER,
  internalCallHeaders,
  signServiceCredential,
  verifyServiceCredential,
} from './service-credential';

describe('service credential', () => {
  const secret = 'a-secret-of-thirty-two-characters!';
  const identity = {
    sub: '2b1f9c1e-0d6a-4e7b-9a55-3c1d2e3f4a5b',
    username: 'a',
    email: null,
    name: null,
    roles: [],
  };

  it('verifies for its audience only', () => {
    const credential = signServiceCredential('ws-gateway', 'presence', secret);
    expect(verifyServiceCredential(credential, secret, 'presence')).toMatchObject({
      iss: 'ws-gateway',
      aud: 'presence',
    });
    expect(verifyServiceCredential(credential, secret, 'users')).toBeNull();
  });

  it('refuses a user identity header, another secret, a tampered or stale credential', () => {
    expect(verifyServiceCredential(signIdentity(identity, secret), secret, 'presence')).toBeNull();
    expect(
      verifyServiceCredential(signServiceCredential('a', 'presence', `${secret}x`), secret, 'presence'),
    ).toBeNull();
    const [body, mac] = signServiceCredential('ws-gateway', 'users', secret).split('.');
    const retargeted = Buffer.from(
      JSON.stringify({ iss: 'ws-gateway', aud: 'presence', iat: Math.floor(Date.now() / 1000) }),
    ).toString('base64url');
    expect(verifyServiceCredential(`${retargeted}.${mac}`, secret, 'presence')).toBeNull();
    expect(verifyServiceCredential(`${body}.${mac}.x`, secret, 'users')).toBeNull();
    expect(
      verifyServiceCredential(
        signServiceCredential('a', 'users', secret, Date.now() - 120_000),
        secret,
        'users',
      ),
    ).toBeNull();
    expect(verifyServiceCredential(undefined, secret, 'users')).toBeNull();
  });

  it('gives callers both headers', () => {
    const headers = internalCallHeaders({ from: 'gateway', to: 'users', secret }, identity);
    expect(Object.keys(headers).sort()).toEqual([IDENTITY_HEADER, SERVICE_HEADER].sort());
  });
});
