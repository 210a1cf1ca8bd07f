import { ServiceProcess } from '@colink/testing';
import { Browser } from 'playwright-core';
import { launchChromium } from './browser';

/** The built web app, served by the gateway and opened in a real browser. */
describe('web app shell in Chromium', () => {
  const gateway = new ServiceProcess('gateway', 18280, {
    INTERNAL_AUTH_SECRET: 'browser-test-internal-secret',
  });
  let browser: Browser;

  beforeAll(async () => {
    gateway.start();
    await gateway.ready();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gateway.stop();
  });

  it('loads from the gateway and sees the gateway up', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(gateway.url);
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('CoLink');
    await page.getByTestId('gateway-state').filter({ hasText: 'Gateway: up' }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
  });

  it('serves the app for its own routes, and problem+json for unknown API paths', async () => {
    const page = await browser.newPage();
    const deepLink = await page.goto(`${gateway.url}/channels/general`);
    expect(deepLink?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('CoLink');
    const api = await fetch(`${gateway.url}/api/docs-json-nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
