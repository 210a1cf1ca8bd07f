import { webAppCsp } from './web-app-csp';

describe('web app Content-Security-Policy', () => {
  const policy = webAppCsp('http://localhost:8180/', 'http://localhost:9000');
  const directive = (name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

  it('runs only the app’s own scripts', () => {
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-eval/);
    expect(directive('script-src')).not.toMatch(/unsafe-inline/);
  });

  it('lets the app reach its own origin, Keycloak and the object store, nothing else', () => {
    expect(directive('connect-src')).toBe("connect-src 'self' http://localhost:8180 http://localhost:9000");
    expect(directive('img-src')).toBe("img-src 'self' data: blob: http://localhost:9000");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
  });
});
