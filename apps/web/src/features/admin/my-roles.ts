import { useSyncExternalStore } from 'react';
import { onTokenRenewed, userManager } from '../auth/oidc';

export type StaffRole = 'admin' | 'moderator';

/** The realm roles in an access token (Keycloak puts them in `realm_access.roles`). */
export function rolesOf(accessToken: string | undefined): string[] {
  const payload = accessToken?.split('.')[1];
  if (!payload) return [];
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { realm_access?: { roles?: unknown } };
    const roles = claims.realm_access?.roles;
    return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

function staffRole(roles: string[]): StaffRole | null {
  return roles.includes('admin') ? 'admin' : roles.includes('moderator') ? 'moderator' : null;
}

/** The staff role of the current token, read once and again at each renewal (one store for every hook). */
let current: StaffRole | null | undefined;
let started = false;
const listeners = new Set<() => void>();

function set(next: StaffRole | null): void {
  if (next === current) return;
  current = next;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!started) {
    started = true;
    void userManager.getUser().then((user) => set(staffRole(rolesOf(user?.access_token))));
    onTokenRenewed((token) => set(staffRole(rolesOf(token))));
  }
  return () => listeners.delete(listener);
}

/** The person's staff role from their current token (admin wins), null for members, undefined until read. */
export function useStaffRole(): StaffRole | null | undefined {
  return useSyncExternalStore(subscribe, () => current);
}
