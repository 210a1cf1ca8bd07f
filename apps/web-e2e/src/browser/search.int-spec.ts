import { KeycloakAdmin, RunningPlatform, seekGroupToEnd, startPlatform, waitFor } from '@colink/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import sharp from 'sharp';
import { launchChromium } from './browser';
import {
  BrowserPerson,
  allowWebOrigin,
  newBrowserPerson,
  seriousAxeFindings,
  signInThroughKeycloak,
} from './web-platform';

const BASE = 28500;
const WEB = `http://localhost:${BASE + 80}`;
const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');
// Older than the first page the channel opens with (50), so a jump has to load history first.
const LATER_MESSAGES = 120;

type Person = BrowserPerson;

interface Hit {
  message: { id: string; content: string };
}

jest.setTimeout(120_000);

/** Searching in the web app: a partial word finds a message, a click jumps to it, privacy holds. */
describe('search in the browser', () => {
  const keycloak = new KeycloakAdmin();
  const suffix = Math.random().toString(36).slice(2, 8);
  let platform: RunningPlatform;
  let browser: Browser;
  let ann: Person;
  let bo: Person;
  let open: { id: string; name: string };
  let secret: { id: string; name: string };
  let target: { id: string; seq: number };

  const person = () => newBrowserPerson(keycloak, platform.gatewayUrl, browser);

  async function post(p: Person, channelId: string, content: string) {
    return waitFor(`post "${content}"`, async () => {
      const reply = await p.api.post<{ id: string; seq: number }>(`/api/v1/channels/${channelId}/messages`, {
        content,
      });
      return reply.status === 201 ? reply.body : undefined;
    });
  }

  /** Waits until `p`'s search for `q` (through the API) returns messages whose contents include `expected`. */
  async function searchable(p: Person, q: string, expected: string) {
    await waitFor(
      `"${q}" to find "${expected}"`,
      async () => {
        const reply = await p.api.get<{ items: Hit[] }>(`/api/v1/search/messages?q=${encodeURIComponent(q)}`);
        return reply.status === 200 && reply.body.items.some((hit) => hit.message.content.includes(expected));
      },
      30_000,
      500,
    );
  }

  async function openSearch(p: Person, q: string) {
    await p.page.getByTestId('composer').first().waitFor({ timeout: 30_000 });
    await p.page.locator('body').press('Control+f');
    const box = p.page.getByRole('searchbox', { name: 'Search messages' });
    await box.fill(q);
    return p.page.getByRole('dialog');
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // search's indexer starts at the topics' end: on a long-lived stack its group would otherwise
    // work through everything published since its last run (benches) before this test's messages.
    await seekGroupToEnd('colink-search');
    platform = await startPlatform(['users', 'channels', 'messaging', 'presence', 'files', 'search'], {
      base: BASE,
      wsGateways: 1,
      readyTimeoutMs: 240_000,
    });
    await allowWebOrigin(keycloak, WEB);
    browser = await launchChromium();
    [ann, bo] = await Promise.all([person(), person()]);
    const create = async (name: string, isPrivate: boolean) => {
      const created = await ann.api.post<{ id: string; name: string }>('/api/v1/channels', {
        name,
        is_private: isPrivate,
      });
      expect(created.status).toBe(201);
      return created.body;
    };
    open = await create(`ops-${suffix}`, false);
    secret = await create(`hush-${suffix}`, true);
    expect((await bo.api.post(`/api/v1/channels/${open.id}/join`)).status).toBeLessThan(300);

    await post(ann, open.id, 'Before the rollout: freeze merges at noon.');
    target = await post(ann, open.id, `The kubernetes deployment rollout ${suffix} finished without errors.`);
    await post(ann, open.id, 'After the rollout: merges are open again.');
    for (let i = 1; i <= LATER_MESSAGES; i += 1) await post(ann, open.id, `status update ${i}`);
    await post(ann, secret.id, `The kubernetes credentials ${suffix} rotate on Friday.`);

    // A picture whose name matches too, scanned clean: it shows among the file results.
    const png = await sharp({
      create: { width: 320, height: 200, channels: 3, background: { r: 40, g: 160, b: 90 } },
    })
      .png()
      .toBuffer();
    const upload = await ann.api.post<{
      file_id: string;
      upload_url: string;
      headers: Record<string, string>;
    }>('/api/v1/files/upload-url', {
      channel_id: open.id,
      filename: `kubernetes-diagram-${suffix}.png`,
      content_type: 'image/png',
      size_bytes: png.length,
    });
    expect(upload.status).toBe(201);
    const put = await fetch(upload.body.upload_url, {
      method: 'PUT',
      headers: upload.body.headers,
      body: png,
    });
    expect(put.status).toBe(200);
    expect((await ann.api.post(`/api/v1/files/${upload.body.file_id}/confirm`)).status).toBeLessThan(300);
    let lastFiles: unknown;
    await waitFor(
      'the diagram to be found by file search',
      async () => {
        const reply = await bo.api.get<{
          items: Array<{ file: { id: string; scan_status: string; has_thumbnail: boolean } }>;
        }>(`/api/v1/search/files?q=${encodeURIComponent(`kube ${suffix}`)}`);
        lastFiles = reply.body;
        return reply.status === 200 && reply.body.items.some((hit) => hit.file.scan_status === 'clean');
      },
      60_000,
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${JSON.stringify(lastFiles)}`);
    });

    await searchable(ann, `kube ${suffix}`, `credentials ${suffix}`);
    await searchable(bo, `kube ${suffix}`, `deployment rollout ${suffix}`);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('finds a message by part of a word and jumps to it with the history around it', async () => {
    await bo.page.goto(`${WEB}/channels/${open.id}`);
    await signInThroughKeycloak(bo.page, bo.username, bo.password);
    const dialog = await openSearch(bo, `kube ${suffix}`);
    const hit = dialog.getByRole('button', { name: new RegExp(`deployment rollout ${suffix}`) });
    await hit.waitFor({ timeout: 20_000 });
    // The partial word is highlighted in the hit.
    const marked = await hit.locator('mark').allTextContents();
    expect(marked).toEqual(expect.arrayContaining([expect.stringMatching(/^kube/i)]));
    await expect(dialog.getByRole('region', { name: `In ${open.name}` }).count()).resolves.toBe(1);
    // The matching picture is listed with its thumbnail and a download.
    const file = dialog.getByTestId('file-hit').filter({ hasText: `diagram-${suffix}` });
    await file.locator('img').waitFor({ timeout: 20_000 });
    await expect(
      file.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).resolves.toBeGreaterThan(0);
    await file.getByRole('button', { name: new RegExp(`Download kubernetes-diagram-${suffix}`) }).waitFor();
    await bo.page.screenshot({ path: join(ARTIFACTS, 'search-results-1280.png') });
    expect(await seriousAxeFindings(bo.page)).toEqual([]);

    await hit.click();
    // The message is marked as the one the hit pointed at.
    const found = bo.page.locator(`#message-${target.id}[aria-current="location"]`);
    await found.waitFor({ timeout: 20_000 });
    await expect(found.isVisible()).resolves.toBe(true);
    expect(new URL(bo.page.url()).hash).toBe(`#message-${target.id}`);
    // What was said just before and after is loaded and shown beside it.
    for (const text of ['freeze merges at noon', 'merges are open again'])
      await expect(bo.page.getByTestId('message').filter({ hasText: text }).isVisible()).resolves.toBe(true);
    await bo.page.screenshot({ path: join(ARTIFACTS, 'search-jump-1280.png') });

    // The newest messages are still there below: the history is one piece.
    await bo.page.getByRole('log', { name: 'Messages' }).evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await bo.page
      .getByTestId('message')
      .filter({ hasText: `status update ${LATER_MESSAGES}` })
      .waitFor({ timeout: 10_000 });
    expect(bo.problems).toEqual([]);
  });

  it('never shows a non-member a private channel’s message, while its member finds it', async () => {
    const dialog = await openSearch(bo, `kubernetes ${suffix}`);
    await dialog.getByText(/^1 message( ·|$)/).waitFor({ timeout: 20_000 });
    await expect(dialog.textContent()).resolves.not.toContain('credentials');
    await expect(dialog.textContent()).resolves.not.toContain(secret.name);
    await bo.page.keyboard.press('Escape');

    await ann.page.goto(`${WEB}/channels/${secret.id}`);
    await signInThroughKeycloak(ann.page, ann.username, ann.password);
    const mine = await openSearch(ann, `kubernetes ${suffix}`);
    await mine.getByText(/^2 messages( ·|$)/).waitFor({ timeout: 20_000 });
    await mine.getByRole('button', { name: new RegExp(`credentials ${suffix}`) }).waitFor();
    await ann.page.setViewportSize({ width: 390, height: 844 });
    await ann.page.screenshot({ path: join(ARTIFACTS, 'search-results-390.png') });
    await ann.page.setViewportSize({ width: 1280, height: 800 });
    expect(ann.problems).toEqual([]);
  });
});
