import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../src/users.js';
import { chromiumAvailable, launchChromium } from './support/chromium.js';
import { demoDir, type RunningDemo, startDemo } from './support/demo-server.js';

/** The screenshot of the API keys page (ignored by git). */
const SCREENSHOT = join(demoDir, 'test-artifacts', 'api-keys.png');
const WAIT_MS = 15_000;
const available = chromiumAvailable();

/**
 * The demo's "API keys" page in Chromium: Ada creates a key, sees its plaintext once, uses it
 * from a script, signs out everywhere (the key keeps working), and revokes it (refused at once).
 * The steps build on each other and run in order.
 */
describe.skipIf(!available)('the demo’s API keys page in a real browser', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let apiKey: string;

  beforeAll(async () => {
    demo = await startDemo();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    page = await context.newPage();
    mkdirSync(join(demoDir, 'test-artifacts'), { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.dispose();
  });

  const callWithKey = (key: string) => fetch(`${demo.url}/api/me`, { headers: { authorization: `Bearer ${key}` } });

  async function logIn(): Promise<void> {
    await page.goto(`${demo.url}/login`);
    await page.getByLabel('Email').fill(DEMO_USER.email);
    await page.getByLabel('Password').fill(DEMO_USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${demo.url}/devices`);
  }

  it('creates a key from the devices page and shows its plaintext once', async () => {
    await logIn();
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(`${demo.url}/api-keys`);
    expect(await page.locator('li.api-key-row').count()).toBe(0);
    await page.getByLabel('Name').fill('Backup script');
    await page.getByRole('button', { name: 'Create key' }).click();
    apiKey = (await page.locator('code.api-key').innerText()).trim();
    expect(apiKey).toMatch(/^afy_ak_[0-9A-Za-z]{50}$/);
    const row = page.locator('li.api-key-row');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain(`Backup script …${apiKey.slice(-4)}`);
    expect(await row.innerText()).toContain('profile:read');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    // Shown once: the list page never carries it again.
    await page.goto(`${demo.url}/api-keys`);
    expect(await page.content()).not.toContain(apiKey);
    expect(await page.locator('code.api-key').count()).toBe(0);
  });

  it('lets a script call the API with the key, which is not a device and outlives "Log out everywhere"', async () => {
    const answer = await callWithKey(apiKey);
    expect(answer.status).toBe(200);
    await page.goto(`${demo.url}/devices`);
    expect(await page.locator('li.device').count()).toBe(1);
    await page.getByRole('button', { name: 'Log out everywhere' }).click();
    await page.waitForURL(/\/login/);
    expect((await callWithKey(apiKey)).status).toBe(200);
  });

  it('revokes the key with its button: the next call is refused', async () => {
    await logIn();
    await page.goto(`${demo.url}/api-keys`);
    await page.locator('li.api-key-row').getByRole('button', { name: 'Revoke' }).click();
    await page.waitForURL(`${demo.url}/api-keys?notice=key-revoked`);
    expect(await page.locator('li.api-key-row').count()).toBe(0);
    const refused = await callWithKey(apiKey);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });
});
