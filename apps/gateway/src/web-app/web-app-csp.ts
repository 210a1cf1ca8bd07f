/**
 * The Content-Security-Policy of the web app: its own scripts only (no inline script, no eval),
 * API and socket.io on this origin, Keycloak's origin for the OIDC token and logout calls, and the
 * object store's public origin, where the browser PUTs uploads and loads previews from presigned URLs.
 * Inline styles are allowed because the component kit and the emoji picker set them at run time.
 */
export function webAppCsp(keycloakUrl: string, filesUrl: string): string {
  const keycloak = new URL(keycloakUrl).origin;
  const files = new URL(filesUrl).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${files}`,
    "font-src 'self' data:",
    `connect-src 'self' ${keycloak} ${files}`,
    `form-action 'self' ${keycloak}`,
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}
