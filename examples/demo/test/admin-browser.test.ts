import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NON_ADMIN_USER, DEMO_USER } from '../src/users.js';
import { chromiumAvailable, launchChromium } from './support/chromium.js';
import { demoDir, type RunningDemo, startDemo } from './support/demo-server.js';
import { startOtherSite } from './support/other-site.js';

/** Screenshots of the console's pages (ignored by git). */
const ARTIFACTS = join(demoDir, 'test-artifacts');
const WAIT_MS = 15_000;
const available = chromiumAvailable();

/**
 * The admin console at /admin in Chromium: Ada (an admin) searches, inspects and revokes Grace's
 * sessions; Grace (not an admin) is refused; forms posted from other sites change nothing. The
 * steps build on each other and run in order.
 */
describe.skipIf(!available)('the demo’s admin console in a real browser', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let sameSite: Server;
  let sameSiteUrl: string;
  let crossSite: Server;
  let crossSiteUrl: string;
  let ada: BrowserContext;
  let grace: BrowserContext;
  let adaPage: Page;
  let gracePage: Page;
  let graceId: string;
  let graceApiToken: string;

  beforeAll(async () => {
    demo = await startDemo();
    browser = await launchChromium();
    // Another port of 127.0.0.1 is the same site (the browser sends Ada's SameSite=Lax cookie);
    // 127.0.0.2 is another site altogether.
    ({ server: sameSite, url: sameSiteUrl } = await startOtherSite(demo.url, '127.0.0.1'));
    ({ server: crossSite, url: crossSiteUrl } = await startOtherSite(demo.url, '127.0.0.2'));
    ada = await newBrowser();
    grace = await newBrowser();
    adaPage = await ada.newPage();
    gracePage = await grace.newPage();
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (sameSite ? sameSite.close(done) : done(undefined)));
    await new Promise((done) => (crossSite ? crossSite.close(done) : done(undefined)));
    await demo?.dispose();
  });

  async function newBrowser(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    return context;
  }

  async function logIn(page: Page, user: { email: string; password: string }): Promise<void> {
    await page.goto(`${demo.url}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${demo.url}/devices`);
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const path = join(ARTIFACTS, name);
    await page.screenshot({ path, fullPage: true });
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
  }

  /** A page of another site posts a form to the console as soon as it loads. */
  async function postFromSite(siteUrl: string, path: string, fields: Record<string, string>) {
    const attacker = await ada.newPage();
    try {
      const answer = attacker.waitForResponse((response) => response.url() === `${demo.url}${path}` && response.request().method() === 'POST');
      await attacker.goto(`${siteUrl}/attack?${new URLSearchParams({ target: path, ...fields })}`);
      const response = await answer;
      await attacker.waitForLoadState('load');
      return { status: response.status(), headers: await response.request().allHeaders(), page: await attacker.content() };
    } finally {
      await attacker.close();
    }
  }

  it('links the console from an admin’s devices page only', async () => {
    await logIn(adaPage, DEMO_USER);
    await logIn(gracePage, DEMO_NON_ADMIN_USER);
    expect(await adaPage.getByRole('link', { name: 'Admin console' }).count()).toBe(1);
    expect(await gracePage.getByRole('link', { name: 'Admin console' }).count()).toBe(0);
    const login = await fetch(`${demo.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
      body: JSON.stringify({ email: DEMO_NON_ADMIN_USER.email, password: DEMO_NON_ADMIN_USER.password }),
    });
    graceApiToken = ((await login.json()) as { accessToken: string }).accessToken;
    const me = await fetch(`${demo.url}/api/me`, { headers: { authorization: `Bearer ${graceApiToken}` } });
    graceId = ((await me.json()) as { user: { id: string } }).user.id;
  });

  it('refuses a non-admin with 403 and shows her nothing', async () => {
    const response = await gracePage.goto(`${demo.url}/admin/`);
    expect(response?.status()).toBe(403);
    expect(await gracePage.locator('h1').innerText()).toBe('Forbidden');
    expect(await gracePage.content()).not.toContain(graceId);
    await screenshot(gracePage, 'admin-refused.png');
  });

  it('searches sessions across users, and filters one user’s', async () => {
    await adaPage.getByRole('link', { name: 'Admin console' }).click();
    await adaPage.waitForURL(`${demo.url}/admin/`);
    expect(await adaPage.locator('[data-count="live"]').innerText()).toBe('3');
    expect(await adaPage.locator('tbody tr').count()).toBe(3);
    await adaPage.getByLabel('User id').fill(graceId);
    await adaPage.getByLabel('live').check();
    await adaPage.getByRole('button', { name: 'Search' }).click();
    await adaPage.waitForURL(/\/admin\/\?userId=/);
    const rows = await adaPage.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.includes(graceId))).toBe(true);
    expect(rows.map((row) => (row.includes('header') ? 'header' : 'cookie')).sort()).toEqual(['cookie', 'header']);
    await screenshot(adaPage, 'admin-search.png');
  });

  it('inspects one session: context, transport, times, last IP and User-Agent — never a token', async () => {
    await adaPage.locator('tbody tr', { hasText: 'header' }).getByRole('link').first().click();
    await adaPage.waitForURL(/\/admin\/sessions\/[0-9A-Za-z]+$/);
    const details = await adaPage.locator('dl').innerText();
    expect(details).toMatch(/Transport\s+header/);
    expect(details).toMatch(/Last IP\s+127\.0\.0\.1/);
    expect(details).toMatch(/Last User-Agent\s+curl\/8\.5\.0/);
    expect(details).toMatch(/Access token expires\s+20\d\d-/);
    expect(await adaPage.locator('pre').innerText()).toContain('"device": "Command line"');
    const page = await adaPage.content();
    expect(page).not.toContain(graceApiToken);
    expect(page).not.toMatch(/afy_(?:at|rt)_/);
    await screenshot(adaPage, 'admin-session.png');
  });

  it('revokes it, recording Ada as the actor, and Grace’s API token stops working', async () => {
    await adaPage.getByLabel('Note (kept with the session)').first().fill('lost phone, ticket 12');
    await adaPage.getByLabel('I mean to end this session').check();
    await adaPage.getByRole('button', { name: 'Revoke session' }).click();
    await adaPage.waitForURL(/notice=revoked$/);
    expect(await adaPage.locator('.notice').innerText()).toBe('The session was revoked.');
    const details = await adaPage.locator('dl').innerText();
    expect(details).toMatch(/State\s+revoked/);
    expect(details).toMatch(/Reason\s+admin/);
    expect(details).toMatch(/Revoked by\s+ada@example\.com/);
    expect(details).toMatch(/Note\s+lost phone, ticket 12/);
    expect((await fetch(`${demo.url}/api/me`, { headers: { authorization: `Bearer ${graceApiToken}` } })).status).toBe(401);
    await screenshot(adaPage, 'admin-revoked.png');
  });

  it('refuses forms posted from another origin or site with 403, and changes nothing', async () => {
    for (const siteUrl of [sameSiteUrl, crossSiteUrl]) {
      const attack = await postFromSite(siteUrl, '/admin/users/revoke', { userId: graceId, confirm: 'yes' });
      expect(attack.status).toBe(403);
      expect(attack.page).toContain('data-code="csrf_failed"');
      expect(attack.headers['sec-fetch-site']).toBe(siteUrl === sameSiteUrl ? 'same-site' : 'cross-site');
    }
    // Grace's browser session is still live.
    await gracePage.goto(`${demo.url}/devices`);
    expect(gracePage.url()).toBe(`${demo.url}/devices`);
  });

  it('revokes all of a user’s sessions in bulk: Grace’s browser is logged out', async () => {
    await adaPage.goto(`${demo.url}/admin/?userId=${encodeURIComponent(graceId)}`);
    await adaPage.getByLabel('I mean to log this user out everywhere').check();
    await adaPage.getByRole('button', { name: 'Revoke all of this user’s sessions' }).click();
    await adaPage.waitForURL(/notice=revoked-1$/);
    expect(await adaPage.locator('.notice').innerText()).toBe('1 live session of this user was revoked.');
    expect(await adaPage.locator('[data-count="live"]').innerText()).toBe('0');
    await gracePage.goto(`${demo.url}/devices`);
    expect(gracePage.url()).toContain('/login');
  });
});
