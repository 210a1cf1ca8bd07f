/** Who is calling, as verified from the Keycloak access token. `sub` is the CoLink user id. */
export interface Identity {
  sub: string;
  username: string;
  email: string | null;
  name: string | null;
  roles: string[];
}

export function hasAnyRole(identity: Identity, roles: readonly string[]): boolean {
  return (
    roles.length === 0 ||
    identity.roles.includes('admin') ||
    roles.some((role) => identity.roles.includes(role))
  );
}
