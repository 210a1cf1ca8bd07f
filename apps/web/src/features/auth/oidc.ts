import { OidcMetadata, User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { appConfig } from '../../config';

/** What the app keeps across the round trip to Keycloak: the page to come back to. */
interface SignInState {
  returnTo: string;
}

export const CALLBACK_PATH = '/auth/callback';

/**
 * Keycloak's discovery document as it was read to start sign-in, kept for the tab: the return from
 * Keycloak then exchanges its code at once instead of reading the document again first.
 */
const METADATA_KEY = 'colink.oidc-metadata';
function keptMetadata(): Partial<OidcMetadata> | undefined {
  try {
    const kept = JSON.parse(sessionStorage.getItem(METADATA_KEY) ?? 'null') as Partial<OidcMetadata> | null;
    return kept?.issuer === appConfig.oidcAuthority && kept.token_endpoint ? kept : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Authorization Code + PKCE against the `colink-web` client. Tokens are renewed with the refresh
 * token a minute before the access token expires (no iframe, so the CSP needs no frame-src).
 */
export const userManager = new UserManager({
  authority: appConfig.oidcAuthority,
  client_id: appConfig.oidcClientId,
  redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
  post_logout_redirect_uri: `${window.location.origin}/`,
  response_type: 'code',
  scope: 'openid profile email',
  automaticSilentRenew: true,
  accessTokenExpiringNotificationTimeInSeconds: 60,
  monitorSession: false,
  loadUserInfo: false,
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  metadata: keptMetadata(),
});

export async function signIn(returnTo: string): Promise<void> {
  const metadata = await userManager.metadataService.getMetadata();
  try {
    sessionStorage.setItem(METADATA_KEY, JSON.stringify(metadata));
  } catch {
    // Storage refused: the return reads the document again.
  }
  return userManager.signinRedirect({ state: { returnTo } satisfies SignInState });
}

/** Finishes the redirect from Keycloak; answers the page to return to. */
export async function completeSignIn(): Promise<string> {
  const user = await userManager.signinRedirectCallback();
  const state = user.state as Partial<SignInState> | undefined;
  const returnTo = state?.returnTo;
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//')
    ? returnTo
    : '/';
}

export function signOut(): Promise<void> {
  return userManager.signoutRedirect();
}

let current: User | null = null;
userManager.events.addUserLoaded((user) => {
  current = user;
});
userManager.events.addUserUnloaded(() => {
  current = null;
});

export async function loadUser(): Promise<User | null> {
  const user = await userManager.getUser();
  if (user && user.expired) {
    try {
      current = await userManager.signinSilent();
    } catch {
      await userManager.removeUser();
      current = null;
    }
  } else {
    current = user;
  }
  return current;
}

/** The access token for a request; renews it first when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (current && (current.expires_in ?? 0) < 10) {
    try {
      current = await userManager.signinSilent();
    } catch {
      current = null;
    }
  }
  return current?.access_token ?? null;
}

export function onTokenRenewed(listener: (token: string) => void): () => void {
  const handler = (user: User) => listener(user.access_token);
  userManager.events.addUserLoaded(handler);
  return () => userManager.events.removeUserLoaded(handler);
}
