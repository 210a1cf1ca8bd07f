/**
 * The Content-Security-Policy of the web app: its own scripts only (no inline script, no eval),
 * API and socket.io on this origin, Keycloak's origin for the OIDC token and logout calls.
 * Inline styles are allowed because the component kit and the emoji picker set them at run time.
 */
export function webAppCsp(keycloakUrl: string): string {
  const keycloak = new URL(keycloakUrl).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${keycloak}`,
    `form-action 'self' ${keycloak}`,
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}
