import {
  GatewayClient,
  KeycloakAdmin,
  RunningPlatform,
  ServiceProcess,
  TestUser,
  seekGroupToEnd,
  stackEnv,
  startPlatform,
  waitFor,
} from '@colink/testing';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { allowWebOrigin, signInThroughKeycloak } from './web-platform';

const BASE = 23100;
const WEB = `http://localhost:${BASE + 80}`;
const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');
const suffix = Math.random().toString(36).slice(2, 8);
/** The admin service runs with an audit log and consumer group of its own (the chain check is about this run's log). */
const ADMIN_SCHEMA = `admin_e2e_${suffix}`;
const ADMIN_SERVICE_NAME = `admin-e2e-${suffix}`;
/** The local realm's colink-admin-service secret (deploy/keycloak/colink-realm.json), for the people list and bans. */
const ADMIN_CLIENT_SECRET = process.env.KEYCLOAK_CLIENT_SECRET ?? 'colink-admin-service-local-secret';

interface Person {
  user: TestUser;
  api: GatewayClient;
  context: BrowserContext;
  page: Page;
  problems: string[];
}

jest.setTimeout(120_000);

/**
 * The admin area and what members feel of moderation, in Chromium against the platform (with the
 * admin service) and the stack's Keycloak: a mute shows in the member's composer at once, a warning
 * as a notice, a moderator's removal as a tombstone, the audit log filters, exports and checks its chain.
 */
describe('admin and moderation in the browser', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;
  let admin: ServiceProcess;
  let browser: Browser;
  let ada: Person; // admin
  let mo: Person; // moderator
  let mel: Person; // member
  let channel: { id: string; name: string };

  async function person(username: string, name: string, roles: string[]): Promise<Person> {
    const user = await keycloak.createUser({ username, name, roles: ['member', ...roles] });
    const api = new GatewayClient(platform.gatewayUrl).as(await keycloak.passwordToken(user));
    expect((await api.get('/api/v1/users/me')).status).toBe(200);
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return { user, api, context, page, problems };
  }

  async function signIn(p: Person, path: string): Promise<void> {
    await p.page.goto(`${WEB}${path}`);
    await signInThroughKeycloak(p.page, p.user.username, p.user.password);
  }

  const shot = (p: Person, name: string) => p.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const composer = (p: Person) => p.page.getByTestId('composer').last();
  const messageWith = (p: Person, text: string) => p.page.getByTestId('message').filter({ hasText: text });

  /** The People tab of the admin area, filtered to one person's row. */
  async function userRow(p: Person, who: Person) {
    await p.page.getByRole('tab', { name: 'People' }).click();
    await p.page.getByLabel('Find people').fill(who.user.username);
    const row = p.page.locator(`[data-testid="admin-user-row"][data-username="${who.user.username}"]`);
    await row.waitFor();
    return row;
  }

  async function moderate(p: Person, who: Person, action: string, reason: string, duration?: string) {
    const row = await userRow(p, who);
    await row.getByRole('button', { name: 'Moderate…' }).click();
    const dialog = p.page.getByRole('dialog');
    await dialog.getByLabel('Action').selectOption({ label: action });
    if (duration) await dialog.getByLabel('Duration').selectOption({ label: duration });
    await dialog.getByLabel('Reason').fill(reason);
    return dialog;
  }

  /** Applies the filters until the entry shows (the admin service audits what Kafka brings it). */
  async function applyUntilShown(form: Locator, entry: Locator): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      await form.getByRole('button', { name: 'Apply filters' }).click();
      try {
        return await entry.first().waitFor({ timeout: 3_000 });
      } catch (error) {
        if (attempt >= 10) throw error;
      }
    }
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await seekGroupToEnd(`colink-${ADMIN_SERVICE_NAME}`);
    platform = await startPlatform(['users', 'channels', 'messaging', 'presence'], {
      base: BASE,
      wsGateways: 1,
      readyTimeoutMs: 240_000,
      gatewayEnv: { ADMIN_URL: `http://127.0.0.1:${BASE + 7}` },
    });
    admin = new ServiceProcess('admin', BASE + 7, {
      INTERNAL_AUTH_SECRET: platform.secret,
      DATABASE_SCHEMA: ADMIN_SCHEMA,
      SERVICE_NAME: ADMIN_SERVICE_NAME,
      CHANNELS_URL: `http://127.0.0.1:${BASE + 2}`,
      MESSAGING_URL: `http://127.0.0.1:${BASE + 3}`,
      KEYCLOAK_CLIENT_SECRET: ADMIN_CLIENT_SECRET,
    }).start();
    await admin.ready(240_000);
    await allowWebOrigin(keycloak, WEB);
    browser = await launchChromium();
    ada = await person(`ada-${suffix}`, 'Ada Admin', ['admin']);
    mo = await person(`mo-${suffix}`, 'Mo Moderator', ['moderator']);
    mel = await person(`mel-${suffix}`, 'Mel Member', []);
    const created = await ada.api.post<{ id: string; name: string }>('/api/v1/channels', {
      name: `town-${suffix}`,
      is_private: false,
    });
    expect(created.status).toBe(201);
    channel = created.body;
    for (const p of [mo, mel])
      expect((await p.api.post(`/api/v1/channels/${channel.id}/join`)).status).toBeLessThan(300);
    await signIn(mel, `/channels/${channel.id}`);
    await composer(mel).waitFor({ timeout: 30_000 });
  }, 400_000);

  afterAll(async () => {
    // A process that died mid-run says why (its last output), so a failure here is explained.
    for (const service of [...(platform?.services ?? []), ...(admin ? [admin] : [])])
      if (service.pid && !existsSync(`/proc/${service.pid}`))
        console.error(`${service.app} ended during the run:\n${service.output.slice(-2_000)}`);
    await browser?.close();
    await admin?.stop();
    await platform?.stop();
    const sql = new Client({ connectionString: stackEnv.databaseUrl });
    await sql.connect();
    await sql.query(`DROP SCHEMA IF EXISTS "${ADMIN_SCHEMA}" CASCADE`);
    await sql.end();
  });

  it('a moderator removes a message with a reason and the member sees the tombstone', async () => {
    await composer(mel).fill('buy cheap watches at spam.example');
    await composer(mel).press('Enter');
    await messageWith(mel, 'buy cheap watches').waitFor();

    await signIn(mo, `/channels/${channel.id}`);
    const spam = messageWith(mo, 'buy cheap watches');
    await spam.waitFor({ timeout: 30_000 });
    await spam.hover();
    await spam.getByRole('button', { name: 'Remove message (moderator)' }).click();
    const dialog = mo.page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('spam');
    await shot(mo, 'admin-remove-message-1280');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Live, through messaging's message.deleted: the member's copy turns into a tombstone.
    await mel.page.getByText('This message was deleted.').waitFor({ timeout: 30_000 });
    await expect(messageWith(mel, 'buy cheap watches').count()).resolves.toBe(0);
    // The member has no "remove" on others' messages.
    await expect(mel.page.getByRole('button', { name: 'Remove message (moderator)' }).count()).resolves.toBe(
      0,
    );
    await shot(mel, 'admin-tombstone-member-1280');
    expect(mo.problems).toEqual([]);
  });

  it('an admin mutes a member: the member’s composer says so and until when, live; a warning shows as a notice', async () => {
    await signIn(ada, '/admin');
    await ada.page.getByRole('heading', { name: 'Admin' }).waitFor({ timeout: 30_000 });
    const row = await userRow(ada, mel);
    await row.getByText('Active').waitFor();
    await shot(ada, 'admin-people-1280');

    const dialog = await moderate(ada, mel, 'Mute', 'cool down for a bit', '1 hour');
    await shot(ada, 'admin-moderate-dialog-1280');
    await dialog.getByRole('button', { name: 'Mute' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The member did nothing: the socket brought the mute to their open page.
    const muted = mel.page.getByTestId('composer-muted');
    await muted.waitFor({ timeout: 30_000 });
    const text = await muted.innerText();
    expect(text).toContain('A moderator muted you until');
    expect(text).toContain('cool down for a bit');
    await expect(composer(mel).getAttribute('readonly')).resolves.not.toBeNull();
    await shot(mel, 'admin-muted-composer-1280');
    // Messaging refuses the post too (403 muted) once its consumer has the mute, whatever the page shows.
    const refused = await waitFor('messaging to refuse the muted member', async () => {
      const post = await mel.api.post(`/api/v1/channels/${channel.id}/messages`, { content: 'let me talk' });
      return post.status === 403 ? post : undefined;
    });
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/\/muted$/) });
    // The admin's list shows the mute.
    await (await userRow(ada, mel)).getByText(/Muted until/).waitFor();

    await mel.page.setViewportSize({ width: 390, height: 844 });
    await shot(mel, 'admin-muted-composer-390');
    await mel.page.setViewportSize({ width: 1280, height: 800 });

    const warn = await moderate(ada, mel, 'Warn', 'please keep it civil');
    await warn.getByRole('button', { name: 'Warn' }).click();
    await warn.waitFor({ state: 'hidden' });
    const notice = mel.page.getByTestId('warning-notice');
    await notice.waitFor({ timeout: 30_000 });
    await expect(notice.innerText()).resolves.toContain('please keep it civil');
    await shot(mel, 'admin-warning-member-1280');
    await notice.getByRole('button', { name: 'I understand' }).click();
    await notice.waitFor({ state: 'hidden' });

    const unmute = await moderate(ada, mel, 'Unmute', 'fine now');
    await unmute.getByRole('button', { name: 'Unmute' }).click();
    await unmute.waitFor({ state: 'hidden' });
    await muted.waitFor({ state: 'hidden', timeout: 30_000 });
    await composer(mel).fill('thanks, understood');
    await composer(mel).press('Enter');
    await messageWith(mel, 'thanks, understood').waitFor();

    await ada.page.setViewportSize({ width: 390, height: 844 });
    await userRow(ada, mel);
    await shot(ada, 'admin-people-390');
    await ada.page.setViewportSize({ width: 1280, height: 800 });
    expect(ada.problems).toEqual([]);
    expect(mel.problems).toEqual([]);
  });

  it('an admin filters the audit log, exports it, and the chain check says intact', async () => {
    await ada.page.getByRole('tab', { name: 'Audit log' }).click();
    // Wait for the log to hold this run's moderation (the admin service consumes it from Kafka).
    const form = ada.page.getByRole('form', { name: 'Filter the audit log' });
    await form.getByLabel('Action').fill('moderation.mute');
    await form.getByLabel('Actor (user id)').fill(ada.user.id);
    const rows = ada.page.getByTestId('audit-row');
    await applyUntilShown(form, rows.first());
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().getAttribute('data-action')).resolves.toBe('moderation.mute');
    await expect(rows.first().innerText()).resolves.toContain('cool down for a bit');

    await form.getByLabel('Action').fill('');
    await form.getByLabel('Actor (user id)').fill('');
    await form.getByLabel('Resource').fill('message');
    await applyUntilShown(form, ada.page.locator('[data-testid="audit-row"][data-action="message.removed"]'));
    await expect(
      ada.page.locator('[data-testid="audit-row"]:not([data-action="message.removed"])').count(),
    ).resolves.toBe(0);

    const [download] = await Promise.all([
      ada.page.waitForEvent('download'),
      ada.page.getByRole('button', { name: 'CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r\n/);
    expect(csv[0]).toBe(
      'id,seq,occurred_at,recorded_at,actor_id,action,resource_type,resource_id,request_id,trace_id,details,prev_hash,hash',
    );
    expect(csv.slice(1).every((line) => line.includes(',message.removed,message,'))).toBe(true);
    expect(csv.length).toBeGreaterThanOrEqual(2);

    const [json] = await Promise.all([
      ada.page.waitForEvent('download'),
      ada.page.getByRole('button', { name: 'JSON' }).click(),
    ]);
    const entries = JSON.parse(readFileSync(await json.path(), 'utf8')) as Array<{ action: string }>;
    expect(entries.length).toBe(csv.length - 1);

    await form.getByRole('button', { name: 'Clear' }).click();
    await ada.page.getByRole('button', { name: 'Check the chain' }).click();
    const result = ada.page.getByTestId('chain-result');
    await result.getByText(/Intact: \d+ entries checked/).waitFor({ timeout: 30_000 });
    await shot(ada, 'admin-audit-1280');
    await ada.page.setViewportSize({ width: 390, height: 844 });
    await shot(ada, 'admin-audit-390');
    await ada.page.setViewportSize({ width: 1280, height: 800 });
    expect(ada.problems).toEqual([]);
  });

  it('a moderator sees the moderation part only; a member has no way in', async () => {
    await mo.page.goto(`${WEB}/admin`);
    await mo.page.getByRole('tab', { name: 'People' }).waitFor({ timeout: 30_000 });
    await expect(mo.page.getByRole('tab', { name: 'Audit log' }).count()).resolves.toBe(0);
    await expect(mo.page.getByRole('button', { name: 'Roles…' }).count()).resolves.toBe(0);
    await mo.page.getByRole('tab', { name: 'Moderation history' }).click();
    await mo.page.getByTestId('moderation-row').first().getByText('Mel Member').waitFor();
    await shot(mo, 'admin-history-moderator-1280');

    await expect(mel.page.getByTestId('admin-link').count()).resolves.toBe(0);
    await mel.page.goto(`${WEB}/admin`);
    await mel.page.getByText('The admin area is for moderators and admins.').waitFor({ timeout: 30_000 });
    expect((await mel.api.get('/api/v1/admin/users')).status).toBe(403);
  });

  it('a banned member is signed out at once', async () => {
    await mel.page.goto(`${WEB}/channels/${channel.id}`);
    await composer(mel).waitFor({ timeout: 30_000 });
    const ban = await moderate(ada, mel, 'Ban', 'repeated abuse', '1 day');
    await ban.getByRole('button', { name: 'Ban' }).click();
    await ban.waitFor({ state: 'hidden' });
    await mel.page.getByTestId('signed-out-reason').waitFor({ timeout: 30_000 });
    await expect(mel.page.getByRole('button', { name: 'Sign in' }).count()).resolves.toBe(1);
    await shot(mel, 'admin-banned-signed-out-1280');
    // And Keycloak no longer signs them in.
    await expect(keycloak.passwordToken(mel.user)).rejects.toThrow(/400|401/);
  });
});
