import { GatewayClient, KeycloakAdmin } from '@colink/testing';
import { readFileSync } from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';

interface KeycloakClient {
  id: string;
  redirectUris: string[];
  webOrigins: string[];
  attributes: Record<string, string>;
}

/**
 * Lets the `colink-web` client send people back to a test gateway's origin (the realm file names
 * only :8080 and :5173). Adds the origin only when missing, so reruns change nothing.
 */
export async function allowWebOrigin(keycloak: KeycloakAdmin, origin: string): Promise<void> {
  const [client] = (await (
    await keycloak.api('GET', '/colink/clients?clientId=colink-web')
  ).json()) as KeycloakClient[];
  if (client.redirectUris.includes(`${origin}/*`) && client.webOrigins.includes(origin)) return;
  client.redirectUris = [...new Set([...client.redirectUris, `${origin}/*`])];
  client.webOrigins = [...new Set([...client.webOrigins, origin])];
  const logout = client.attributes['post.logout.redirect.uris'] ?? '';
  if (!logout.split('##').includes(`${origin}/*`))
    client.attributes['post.logout.redirect.uris'] = [logout, `${origin}/*`].filter(Boolean).join('##');
  await keycloak.api('PUT', `/colink/clients/${client.id}`, client);
}

/** Through Keycloak's own sign-in form, as a person does. */
export async function signInThroughKeycloak(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('#kc-login').click();
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical findings on the page as it is now (evaluated past the CSP, as devtools is). */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> };
    const scope = globalThis as unknown as {
      axe: { run: (context: unknown, options: object) => Promise<{ violations: Violation[] }> };
      document: unknown;
    };
    const result = await scope.axe.run(scope.document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
  });
}

export interface BrowserPerson {
  api: GatewayClient;
  context: BrowserContext;
  page: Page;
  username: string;
  password: string;
  /** Page errors and Content-Security-Policy violations seen so far: a suite expects none. */
  problems: string[];
}

/**
 * A new person: a Keycloak user CoLink has already provisioned (one API call through the gateway),
 * with a browser page at 1280x800 that records page errors and CSP violations.
 */
export async function newBrowserPerson(
  keycloak: KeycloakAdmin,
  gatewayUrl: string,
  browser: Browser,
): Promise<BrowserPerson> {
  const user = await keycloak.createUser();
  const api = new GatewayClient(gatewayUrl).as(await keycloak.passwordToken(user));
  const me = await api.get('/api/v1/users/me');
  if (me.status !== 200) throw new Error(`provisioning ${user.username} answered ${me.status}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { api, context, page, problems, username: user.username, password: user.password };
}
