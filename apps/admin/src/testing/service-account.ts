import { KeycloakAdmin } from '@colink/testing';

/**
 * A confidential service-account client in the realm with the given realm-management roles, as
 * deploy/keycloak/colink-realm.json defines colink-admin-service (tests use a client of their own).
 */
export async function createServiceAccountClient(
  keycloak: KeycloakAdmin,
  realm: string,
  clientId: string,
  secret: string,
  managementRoles: string[],
): Promise<void> {
  await keycloak.api('POST', `/${realm}/clients`, {
    clientId,
    enabled: true,
    publicClient: false,
    secret,
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: false,
  });
  const [client] = (await (
    await keycloak.api('GET', `/${realm}/clients?clientId=${clientId}`)
  ).json()) as Array<{
    id: string;
  }>;
  const account = (await (
    await keycloak.api('GET', `/${realm}/clients/${client!.id}/service-account-user`)
  ).json()) as { id: string };
  const [management] = (await (
    await keycloak.api('GET', `/${realm}/clients?clientId=realm-management`)
  ).json()) as Array<{ id: string }>;
  const roles = await Promise.all(
    managementRoles.map(async (name) =>
      (await keycloak.api('GET', `/${realm}/clients/${management!.id}/roles/${name}`)).json(),
    ),
  );
  await keycloak.api('POST', `/${realm}/users/${account.id}/role-mappings/clients/${management!.id}`, roles);
}
