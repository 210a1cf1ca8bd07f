import { GatewayClient, KeycloakAdmin, RunningPlatform, TestUser, startPlatform } from '@colink/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { totp, totpStep } from './totp';
import { AxeFinding, allowWebOrigin, seriousAxeFindings, signInThroughKeycloak } from './web-platform';

const BASE = 25100;
const WEB = `http://localhost:${BASE + 80}`;
const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');
const suffix = Math.random().toString(36).slice(2, 8);

interface Person {
  user: TestUser;
  name: string;
  api: GatewayClient;
  context: BrowserContext;
  page: Page;
  /** Console CSP complaints and uncaught errors seen in this person's tab. */
  problems: string[];
}

const XSS_CORPUS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'">',
  '[click me](javascript:window.__xss=%22link%22)',
  '<svg onload="window.__xss = \'svg\'"></svg>',
  '<iframe srcdoc="<script>parent.__xss = 1</script>"></iframe>',
  '"><script>window.__xss = "attr"</script>',
];

/**
 * The web app in Debian's Chromium against the whole platform (users, channels, messaging,
 * presence, ws-gateway, gateway serving the built app) and the stack's real Keycloak.
 */
describe('CoLink in the browser', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;
  let browser: Browser;
  let ann: Person;
  let bo: Person;
  let general: { id: string; name: string };
  let eveApi: GatewayClient;
  const evilName = '<img src=x onerror=window.__xss=1> Eve';
  let random: { id: string; name: string };
  const axe: Record<string, AxeFinding[]> = {};

  async function person(username: string, name: string): Promise<Person> {
    const user = await keycloak.createUser({ username, name });
    const api = new GatewayClient(platform.gatewayUrl).as(await keycloak.passwordToken(user));
    expect((await api.get('/api/v1/users/me')).status).toBe(200);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      if (d.type() === 'confirm') void d.accept();
      else {
        problems.push(`unexpected ${d.type()}: ${d.message()}`);
        void d.dismiss();
      }
    });
    return { user, name, api, context, page, problems };
  }

  const composer = (p: Person) => p.page.getByTestId('composer').last();
  const messageWith = (p: Person, text: string) => p.page.getByTestId('message').filter({ hasText: text });
  async function send(p: Person, text: string): Promise<void> {
    await composer(p).fill(text);
    await composer(p).press('Enter');
    await messageWith(p, text).first().waitFor();
  }
  async function shot(p: Person, name: string): Promise<void> {
    await p.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    platform = await startPlatform(['users', 'channels', 'messaging', 'presence'], {
      base: BASE,
      wsGateways: 1,
      readyTimeoutMs: 240_000,
    });
    await allowWebOrigin(keycloak, WEB);
    browser = await launchChromium();
    ann = await person(`ann-${suffix}`, 'Ann Lee');
    bo = await person(`bo-${suffix}`, 'Bo Stone');
    const create = async (name: string) => {
      const created = await ann.api.post<{ id: string; name: string }>('/api/v1/channels', {
        name,
        is_private: false,
        description: 'Browser test channel',
      });
      expect(created.status).toBe(201);
      expect((await bo.api.post(`/api/v1/channels/${created.body.id}/join`)).status).toBeLessThan(300);
      return created.body;
    };
    general = await create(`general-${suffix}`);
    random = await create(`random-${suffix}`);
    // Someone whose display name is markup posts the XSS corpus later.
    const eve = await keycloak.createUser({ username: `eve-${suffix}`, name: 'Eve Evil' });
    eveApi = new GatewayClient(platform.gatewayUrl).as(await keycloak.passwordToken(eve));
    await eveApi.get(`/api/v1/channels/${general.id}`);
    expect((await eveApi.patch('/api/v1/users/me', { display_name: evilName })).status).toBe(200);
    expect((await eveApi.post(`/api/v1/channels/${general.id}/join`)).status).toBeLessThan(300);

    for (const content of [
      'Welcome to the team channel.',
      'The **release notes** are up: https://example.com/notes',
    ])
      expect((await ann.api.post(`/api/v1/channels/${general.id}/messages`, { content })).status).toBe(201);
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('signs two people in through the Keycloak form and returns each to the page they opened', async () => {
    await ann.page.goto(`${WEB}/channels/${general.id}`);
    const started = Date.now();
    // When Keycloak hands the browser back to CoLink (the callback with the code): sign-in is done.
    const returned = ann.page
      .waitForURL((url) => url.pathname === '/auth/callback', { waitUntil: 'commit', timeout: 20_000 })
      .then(() => Date.now());
    await signInThroughKeycloak(ann.page, ann.user.username, ann.user.password);
    // Checked at every frame: a locator's wait polls at growing intervals (up to 500 ms apart).
    await ann.page.waitForFunction(
      (text) => {
        // Runs in the page (this project compiles without the DOM library, as seriousAxeFindings does).
        type Page = {
          document: { querySelectorAll(selector: string): Iterable<{ textContent: string | null }> };
        };
        const messages = (globalThis as unknown as Page).document.querySelectorAll('[data-testid="message"]');
        return [...messages].some((message) => message.textContent?.includes(text));
      },
      'Welcome to the team channel.',
      { polling: 'raf', timeout: 20_000 },
    );
    const shown = Date.now();
    process.stdout.write(
      `web: first channel shown ${shown - (await returned)} ms after Keycloak returned to CoLink ` +
        `(${shown - started} ms after submitting the Keycloak form)\n`,
    );
    expect(new URL(ann.page.url()).pathname).toBe(`/channels/${general.id}`);
    await expect(ann.page.getByTestId('channel-title').textContent()).resolves.toContain(general.name);

    await bo.page.goto(`${WEB}/channels/${random.id}`);
    await signInThroughKeycloak(bo.page, bo.user.username, bo.user.password);
    await bo.page.getByTestId('channel-title').filter({ hasText: random.name }).waitFor({ timeout: 20_000 });
    await shot(ann, 'channel-1280x800');
    axe.channel = await seriousAxeFindings(ann.page);
  }, 60_000);

  it('shows a message live to the other person and moves their unread and mention badges', async () => {
    await send(ann, 'Hello from Ann');
    await bo.page.locator(`[data-testid="channel-link-${general.name}"].unread`).waitFor();

    await composer(ann).pressSequentially(`Question for @${bo.user.username.slice(0, 4)}`);
    const option = ann.page.getByRole('option', { name: new RegExp(`@${bo.user.username}`) });
    await option.click();
    await expect(composer(ann).inputValue()).resolves.toBe(`Question for @${bo.user.username} `);
    await composer(ann).pressSequentially('can you look?');
    await composer(ann).press('Enter');
    await messageWith(ann, 'can you look?').waitFor();

    const badge = bo.page.getByTestId(`channel-link-${general.name}`).getByTestId('mention-badge');
    await badge.filter({ hasText: '1' }).waitFor();
    await bo.page.getByTestId(`channel-link-${general.name}`).click();
    await messageWith(bo, 'can you look?').waitFor();
    await messageWith(bo, 'Hello from Ann').waitFor();
    await badge.waitFor({ state: 'detached' });
    await bo.page
      .locator(`[data-testid="channel-link-${general.name}"].unread`)
      .waitFor({ state: 'detached' });
  }, 60_000);

  it('carries a thread reply to the other person and opens it in the side panel', async () => {
    const hello = messageWith(bo, 'Hello from Ann');
    await hello.hover();
    await hello.getByRole('link', { name: 'Reply in thread' }).click();
    const panel = bo.page.getByRole('complementary', { name: 'Thread' });
    await panel.getByText('Hello from Ann').waitFor();
    await panel.getByTestId('composer').fill('Reply from Bo');
    await panel.getByTestId('composer').press('Enter');
    await panel.getByTestId('message').filter({ hasText: 'Reply from Bo' }).waitFor();

    const summary = messageWith(ann, 'Hello from Ann').getByTestId('thread-summary');
    await summary.filter({ hasText: '1 reply' }).waitFor();
    await summary.click();
    await ann.page.getByRole('complementary', { name: 'Thread' }).getByText('Reply from Bo').waitFor();
    await shot(ann, 'thread-1280x800');
    axe.thread = await seriousAxeFindings(ann.page);
    await ann.page.keyboard.press('Escape');
    await ann.page.getByRole('complementary', { name: 'Thread' }).waitFor({ state: 'detached' });
    await bo.page.getByRole('button', { name: 'Close thread' }).click();
  }, 60_000);

  it('adds a reaction from the emoji picker that the other person sees and can join', async () => {
    const hello = messageWith(ann, 'Hello from Ann');
    await hello.hover();
    await hello.getByRole('toolbar').getByRole('button', { name: 'Add reaction' }).click();
    const picker = ann.page.locator('.EmojiPickerReact');
    await picker.locator('input').fill('party');
    await picker.locator('button[aria-label*="party popper" i]').first().click();
    await hello.getByTestId('reaction').filter({ hasText: '🎉' }).filter({ hasText: '1' }).waitFor();

    const seen = messageWith(bo, 'Hello from Ann').getByTestId('reaction').filter({ hasText: '🎉' });
    await seen.filter({ hasText: '1' }).waitFor();
    await seen.click();
    await hello.getByTestId('reaction').filter({ hasText: '🎉' }).filter({ hasText: '2' }).waitFor();
  }, 60_000);

  it('shows an edit (with its history) and a deletion to the other person', async () => {
    await composer(ann).click();
    await composer(ann).press('ArrowUp');
    const editor = ann.page.getByRole('textbox', { name: 'Edit message' });
    await editor.waitFor();
    await editor.fill('Edited question, please look');
    await editor.press('Enter');

    const edited = messageWith(bo, 'Edited question, please look');
    await edited.waitFor();
    await edited.getByRole('button', { name: '(edited)' }).click();
    await bo.page.getByRole('dialog', { name: 'Edit history' }).getByText('can you look?').waitFor();
    await bo.page.keyboard.press('Escape');

    const target = messageWith(ann, 'Edited question, please look');
    await target.hover();
    await target.getByRole('button', { name: 'Delete message' }).click();
    await bo.page.getByTestId('message').filter({ hasText: 'This message was deleted.' }).waitFor();
    expect(await messageWith(bo, 'Edited question, please look').count()).toBe(0);
  }, 60_000);

  it('lets the channel owner change the topic, which the other person sees live', async () => {
    await ann.page.getByRole('button', { name: 'Edit topic' }).click();
    const dialog = ann.page.getByRole('dialog', { name: `Topic of #${general.name}` });
    await dialog.getByRole('textbox').fill('Release week: ship on Thursday');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await bo.page.locator('.topic').filter({ hasText: 'Release week: ship on Thursday' }).waitFor();
    // Only owners and admins of the channel are offered the change.
    await expect(bo.page.getByRole('button', { name: 'Edit topic' }).count()).resolves.toBe(0);
  }, 60_000);

  it('opens a DM from the directory and delivers it with an unread badge', async () => {
    await ann.page.getByRole('button', { name: 'New direct message' }).click();
    const dialog = ann.page.getByRole('dialog', { name: 'New direct message' });
    await dialog.getByRole('searchbox').fill(bo.user.username);
    axe.dialog = await seriousAxeFindings(ann.page);
    await dialog.getByRole('button', { name: `Message ${bo.name} (@${bo.user.username})` }).click();
    await ann.page.getByTestId('channel-title').filter({ hasText: bo.name }).waitFor();
    await send(ann, 'Private hello');

    const dm = bo.page.getByTestId('dm-link').filter({ hasText: ann.name });
    await dm.getByTestId('mention-badge').filter({ hasText: '1' }).waitFor();
    await dm.click();
    await messageWith(bo, 'Private hello').waitFor();
    await shot(bo, 'dm-1280x800');
  }, 60_000);

  it('catches up after the network comes back, without a reload, and sends what was typed offline', async () => {
    await ann.page.getByTestId(`channel-link-${general.name}`).click();
    await messageWith(ann, 'Hello from Ann').waitFor();
    await bo.page.getByTestId(`channel-link-${general.name}`).click();
    await messageWith(bo, 'Hello from Ann').waitFor();
    await bo.page.evaluate(
      () => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true),
    );

    await bo.context.setOffline(true);
    await bo.page
      .getByTestId('connection-banner')
      .filter({ hasText: /offline|lost/i })
      .waitFor();
    await send(ann, 'While you were away 1');
    await send(ann, 'While you were away 2');
    await send(ann, 'While you were away 3');
    await composer(bo).fill('Typed while offline');
    await composer(bo).press('Enter');
    await bo.page.getByTestId('pending-message').filter({ hasText: 'Typed while offline' }).waitFor();
    expect(await messageWith(bo, 'While you were away').count()).toBe(0);

    await bo.context.setOffline(false);
    await bo.page
      .getByTestId('connection-banner')
      .filter({ hasText: /connected again/i })
      .waitFor({ timeout: 20_000 });
    for (const n of [1, 2, 3]) await messageWith(bo, `While you were away ${n}`).waitFor({ timeout: 20_000 });
    await messageWith(ann, 'Typed while offline').waitFor({ timeout: 30_000 });
    await bo.page.getByTestId('pending-message').waitFor({ state: 'detached' });
    expect(await messageWith(ann, 'Typed while offline').count()).toBe(1);
    await expect(
      bo.page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).resolves.toBe(true);
  }, 90_000);

  it('never runs script from messages or names', async () => {
    for (const content of XSS_CORPUS)
      expect((await eveApi.post(`/api/v1/channels/${general.id}/messages`, { content })).status).toBe(201);
    await messageWith(bo, 'window.__xss = "attr"').waitFor();
    await bo.page.waitForTimeout(500);
    expect(
      await bo.page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss),
    ).toBeUndefined();
    expect(
      await bo.page
        .locator(
          '.message-content script, .message-content img, .message-content iframe, .message-content svg',
        )
        .count(),
    ).toBe(0);
    expect(await bo.page.locator('.message a[href^="javascript:" i]').count()).toBe(0);
    await bo.page.getByText(evilName).first().waitFor();
    await shot(bo, 'xss-1280x800');
  }, 60_000);

  it('lays out for a phone: the sidebar, then one conversation at a time', async () => {
    await bo.page.setViewportSize({ width: 390, height: 844 });
    await bo.page.goto(`${WEB}/`);
    await bo.page.getByRole('navigation', { name: 'Channels and direct messages' }).waitFor();
    await shot(bo, 'sidebar-390x844');
    axe.phoneSidebar = await seriousAxeFindings(bo.page);
    await bo.page.getByTestId(`channel-link-${general.name}`).click();
    await messageWith(bo, 'Hello from Ann').waitFor();
    expect(await bo.page.getByRole('navigation', { name: 'Channels and direct messages' }).isVisible()).toBe(
      false,
    );
    await shot(bo, 'channel-390x844');
    axe.phoneChannel = await seriousAxeFindings(bo.page);
    await bo.page.getByRole('link', { name: 'Back to channels' }).click();
    await bo.page.getByRole('navigation', { name: 'Channels and direct messages' }).waitFor();
  }, 60_000);

  it('signs in a person who must use TOTP, with codes from their authenticator', async () => {
    const user = await keycloak.createUser({ username: `tess-${suffix}`, name: 'Tess Otp' });
    await keycloak.api('PUT', `/colink/users/${user.id}`, { requiredActions: ['CONFIGURE_TOTP'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${WEB}/`);
    await signInThroughKeycloak(page, user.username, user.password);
    await page.locator('#mode-manual').click();
    const secret = (await page.locator('#kc-totp-secret-key').textContent())!.trim();
    const setupStep = totpStep();
    await page.locator('#totp').fill(totp(secret));
    await page.locator('#userLabel').fill('phone');
    await page.locator('#saveTOTPBtn').click();
    await page.getByRole('navigation', { name: 'Channels and direct messages' }).waitFor({ timeout: 20_000 });

    await page.getByRole('button', { name: /Your profile and status/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 20_000 });
    await signInThroughKeycloak(page, user.username, user.password);
    await page.locator('#otp').waitFor();
    // A code is good once: wait for the next 30 s step if the setup used this one.
    while (totpStep() === setupStep) await page.waitForTimeout(500);
    await page.locator('#otp').fill(totp(secret));
    await page.locator('#kc-login').click();
    await page.getByRole('navigation', { name: 'Channels and direct messages' }).waitFor({ timeout: 20_000 });
    await context.close();
  }, 90_000);

  it('passes axe on the main views and hit no CSP violation or page error', async () => {
    const page = await browser.newPage();
    await page.goto(`${WEB}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    axe.signIn = await seriousAxeFindings(page);
    await page.close();
    expect(axe).toEqual({
      channel: [],
      thread: [],
      dialog: [],
      phoneSidebar: [],
      phoneChannel: [],
      signIn: [],
    });
    expect([...ann.problems, ...bo.problems]).toEqual([]);
  }, 30_000);
});
