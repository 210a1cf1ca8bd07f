import {
  CuttableProxy,
  KeycloakAdmin,
  RunningPlatform,
  explainedBy,
  stackEnv,
  startPlatform,
} from '@colink/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import sharp from 'sharp';
import { launchChromium } from './browser';
import { BrowserPerson, allowWebOrigin, newBrowserPerson, signInThroughKeycloak } from './web-platform';

const BASE = 29100;
const WEB = `http://localhost:${BASE + 80}`;
const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

type Person = BrowserPerson;

// Each step may wait on a scan by the stack's one clamd, shared with everything else the suite runs.
jest.setTimeout(150_000);

/** Sharing files in the web app: one person uploads, the other sees previews, and a virus is blocked. */
describe('files in the browser', () => {
  const keycloak = new KeycloakAdmin();
  let platform: RunningPlatform;
  let browser: Browser;
  let ann: Person;
  let bo: Person;
  let channel: { id: string; name: string };
  // The files service reaches clamd through this proxy, so the test can hold a scan back.
  const clamd = new CuttableProxy(BASE + 90, { host: stackEnv.clamdHost, port: stackEnv.clamdPort });

  const person = () => newBrowserPerson(keycloak, platform.gatewayUrl, browser);
  /** A wait on a scan's result: if it times out, the error carries what the files service printed. */
  const scanned = (step: () => Promise<void>) =>
    explainedBy(
      platform.services.filter((service) => service.app === 'files'),
      step,
    );

  async function openChannel(p: Person): Promise<void> {
    await p.page.goto(`${WEB}/channels/${channel.id}`);
    await signInThroughKeycloak(p.page, p.username, p.password);
    await p.page.getByTestId('composer').first().waitFor({ timeout: 30_000 });
  }

  async function attachAndSend(
    p: Person,
    files: Array<{ name: string; mimeType: string; buffer: Buffer }>,
    text: string,
  ) {
    await p.page.getByTestId('file-input').first().setInputFiles(files);
    for (const file of files)
      await p.page
        .getByTestId('upload')
        .filter({ hasText: file.name })
        .filter({ hasText: 'attached' })
        .waitFor({ timeout: 30_000 });
    await p.page.getByTestId('composer').first().fill(text);
    await p.page.getByTestId('composer').first().press('Enter');
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await clamd.open();
    platform = await startPlatform(['users', 'channels', 'messaging', 'presence', 'files'], {
      base: BASE,
      wsGateways: 1,
      env: { CLAMD_PORT: String(clamd.port), SCAN_RETRY_MAX_MS: '1000' },
      readyTimeoutMs: 240_000,
    });
    await allowWebOrigin(keycloak, WEB);
    browser = await launchChromium();
    const [a, b] = await Promise.all([person(), person()]);
    const created = await a.api.post<{ id: string; name: string }>('/api/v1/channels', {
      name: `files-${Math.random().toString(36).slice(2, 8)}`,
      is_private: false,
    });
    channel = created.body;
    expect((await b.api.post(`/api/v1/channels/${channel.id}/join`)).status).toBeLessThan(300);
    await Promise.all([openChannel(a), openChannel(b)]);
    ann = a;
    bo = b;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await clamd.cut();
  });

  it('shows an uploaded image to the other person as a thumbnail that opens at full size', async () => {
    const png = await sharp({
      create: { width: 900, height: 600, channels: 3, background: { r: 30, g: 120, b: 200 } },
    })
      .png()
      .toBuffer();
    await attachAndSend(
      ann,
      [{ name: 'skyline.png', mimeType: 'image/png', buffer: png }],
      'the new skyline',
    );

    const message = bo.page.getByTestId('message').filter({ hasText: 'the new skyline' });
    const thumbnail = message.getByTestId('file-thumbnail');
    await scanned(() => thumbnail.waitFor({ timeout: 30_000 }));
    await expect(
      thumbnail.evaluate(
        (img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth,
      ),
    ).resolves.toBe(480);
    await bo.page.screenshot({ path: join(ARTIFACTS, 'files-image-1280.png') });

    await thumbnail.click();
    const dialog = bo.page.getByRole('dialog');
    await dialog.getByRole('img', { name: 'skyline.png' }).waitFor();
    await expect(
      dialog
        .getByRole('img', { name: 'skyline.png' })
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).resolves.toBe(900);
    await bo.page.keyboard.press('Escape');
    expect(ann.problems).toEqual([]);
    expect(bo.problems).toEqual([]);
  });

  it('shows "scanning" until the verdict, then blocks an infected file: a notice, never a link', async () => {
    await clamd.cut();
    await attachAndSend(
      ann,
      [{ name: 'eicar.txt', mimeType: 'text/plain', buffer: Buffer.from(EICAR) }],
      'please check this',
    );
    const messages = [ann, bo].map((p) =>
      p.page.getByTestId('message').filter({ hasText: 'please check this' }),
    );
    for (const message of messages) await message.getByTestId('file-scanning').waitFor({ timeout: 30_000 });
    await bo.page.screenshot({ path: join(ARTIFACTS, 'files-scanning-1280.png') });

    await clamd.open();
    for (const message of messages) {
      await scanned(() => message.getByTestId('file-blocked').waitFor({ timeout: 30_000 }));
      await expect(message.getByRole('button', { name: /Download eicar/ }).count()).resolves.toBe(0);
      // Nothing in the message leads to the file's bytes.
      await expect(message.getByTestId('file-blocked').locator('a').count()).resolves.toBe(0);
      await expect(message.locator('a[href*="quarantine"], a[href*="eicar"]').count()).resolves.toBe(0);
    }
    await bo.page.setViewportSize({ width: 390, height: 844 });
    await bo.page.screenshot({ path: join(ARTIFACTS, 'files-blocked-390.png') });
    await bo.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('keeps an infected upload out of the message it was attached to', async () => {
    await ann.page
      .getByTestId('file-input')
      .first()
      .setInputFiles([{ name: 'second-eicar.txt', mimeType: 'text/plain', buffer: Buffer.from(EICAR) }]);
    const upload = ann.page.getByTestId('upload').filter({ hasText: 'second-eicar.txt' });
    await scanned(() =>
      upload.filter({ hasText: 'Blocked: a virus was found' }).waitFor({ timeout: 30_000 }),
    );
    await ann.page.screenshot({ path: join(ARTIFACTS, 'files-upload-blocked-1280.png') });
    await ann.page.getByTestId('composer').first().fill('sent without the file');
    await ann.page.getByTestId('composer').first().press('Enter');
    const sent = bo.page.getByTestId('message').filter({ hasText: 'sent without the file' });
    await sent.waitFor({ timeout: 30_000 });
    await expect(sent.getByTestId('file-blocked').count()).resolves.toBe(0);
    await expect(sent.getByTestId('file-card').count()).resolves.toBe(0);
    expect(ann.problems).toEqual([]);
    expect(bo.problems).toEqual([]);
  });
});
