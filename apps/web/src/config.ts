/** Where the app finds Keycloak; fixed at build time (Vite env), the defaults fit the local stack. */
export const appConfig = {
  oidcAuthority: import.meta.env.VITE_OIDC_AUTHORITY ?? 'http://localhost:8180/realms/colink',
  oidcClientId: import.meta.env.VITE_OIDC_CLIENT_ID ?? 'colink-web',
} as const;
