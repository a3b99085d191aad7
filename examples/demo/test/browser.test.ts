import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../src/users.js';
import { chromiumAvailable, launchChromium } from './support/chromium.js';
import { demoDir, type RunningDemo, startDemo } from './support/demo-server.js';
import { startOtherSite } from './support/other-site.js';

/** Where the screenshot of the devices page goes (ignored by git). */
const SCREENSHOT = join(demoDir, 'test-artifacts', 'devices.png');
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const WAIT_MS = 15_000;

const available = chromiumAvailable();

/**
 * The demo in Chromium, as a person uses it: a laptop (Chromium's own User-Agent) and a phone
 * (an iPhone's), each a browser context of its own — separate cookie jars, so separate devices —
 * plus a curl-like API client. The steps build on each other and run in order.
 */
describe.skipIf(!available)('the demo in a real browser', () => {
  let demo: RunningDemo;
  let browser: Browser;
  let otherSite: Server;
  let otherSiteUrl: string;
  let crossSite: Server;
  let crossSiteUrl: string;
  let laptop: BrowserContext;
  let phone: BrowserContext;
  let laptopPage: Page;
  let phonePage: Page;
  let apiAccessToken: string;

  beforeAll(async () => {
    // As behind one proxy: a device can then appear to come from another network (X-Forwarded-For).
    demo = await startDemo({ env: { DEMO_TRUST_PROXY: '1' } });
    browser = await launchChromium();
    ({ server: otherSite, url: otherSiteUrl } = await startOtherSite(demo.url, '127.0.0.1'));
    // 127.0.0.2 is another site altogether (sites of IP addresses are the address itself), so
    // the browser sends no SameSite=Lax cookie with its form posts to the demo.
    ({ server: crossSite, url: crossSiteUrl } = await startOtherSite(demo.url, '127.0.0.2'));
    laptop = await newDevice();
    phone = await newDevice(IPHONE);
    laptopPage = await laptop.newPage();
    phonePage = await phone.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (otherSite ? otherSite.close(done) : done(undefined)));
    await new Promise((done) => (crossSite ? crossSite.close(done) : done(undefined)));
    await demo?.dispose();
  });

  async function newDevice(userAgent?: string): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, ...(userAgent ? { userAgent } : {}) });
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(WAIT_MS);
    return context;
  }

  async function logIn(page: Page): Promise<void> {
    await page.goto(`${demo.url}/`);
    await page.waitForURL(`${demo.url}/login`);
    await page.getByLabel('Email').fill(DEMO_USER.email);
    await page.getByLabel('Password').fill(DEMO_USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${demo.url}/devices`);
  }

  /** The device rows of the page, as their visible text. */
  async function deviceRows(page: Page): Promise<string[]> {
    return (await page.locator('li.device').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  }

  async function reloadDevices(page: Page): Promise<void> {
    await page.goto(`${demo.url}/devices`);
  }

  /** Lets a page of another site post a form to the demo, as an attacker's page would. */
  async function postFromOtherSite(page: Page, path: string, fields: Record<string, string> = {}, siteUrl = otherSiteUrl) {
    const answer = page.waitForResponse((response) => response.url() === `${demo.url}${path}` && response.request().method() === 'POST');
    await page.goto(`${siteUrl}/attack?${new URLSearchParams({ target: path, ...fields })}`);
    const response = await answer;
    await page.waitForLoadState('load');
    return {
      status: response.status(),
      headers: await response.request().allHeaders(),
      setCookie: (await response.headersArray()).filter(({ name }) => name.toLowerCase() === 'set-cookie'),
      page: await page.content(),
    };
  }

  /** The `action` of the form whose button has this name, on the devices page. */
  async function formAction(page: Page, button: string): Promise<string> {
    return page.getByRole('button', { name: button }).first().evaluate((element) => (element as HTMLButtonElement).form!.getAttribute('action')!);
  }

  it('sends a visitor to the login page, and logs in through the form to the device list', async () => {
    await logIn(laptopPage);
    expect(await laptopPage.title()).toBe('Your devices · Authentify demo');
    const rows = await deviceRows(laptopPage);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^Linux PC · Headless Chrome \d+ This device Web browser · 127\.0\.0\.1 · session \w{8}/);
    expect(rows[0]).toMatch(/Signed in just now Last active just now Ends in 30 days/);
    expect(await laptopPage.locator('header').innerText()).toContain(`Signed in as ${DEMO_USER.name}`);
  });

  it('keeps the session cookie away from page scripts: HttpOnly, SameSite=Lax', async () => {
    expect(await laptopPage.evaluate(() => document.cookie)).toBe('');
    const cookies = await laptop.cookies(demo.url);
    expect(cookies).toEqual([
      expect.objectContaining({ name: 'afy_access', value: expect.stringMatching(/^afy_at_\w+$/), httpOnly: true, sameSite: 'Lax', path: '/' }),
    ]);
  });

  it('lists a second device after it logs in, each device marking itself as the current one', async () => {
    await logIn(phonePage);
    const onPhone = await deviceRows(phonePage);
    expect(onPhone).toHaveLength(2);
    expect(onPhone[0]).toMatch(/^iPhone · Safari 18 This device Web browser/);
    expect(onPhone[1]).toMatch(/^Linux PC · Headless Chrome \d+ Web browser/);

    await reloadDevices(laptopPage);
    const onLaptop = await deviceRows(laptopPage);
    expect(onLaptop).toHaveLength(2);
    // This device first, then the others, newest first.
    expect(onLaptop[0]).toMatch(/^Linux PC · Headless Chrome \d+ This device/);
    expect(onLaptop[1]).toMatch(/^iPhone · Safari 18 Web browser/);
  });

  it('flags a device that moves to another network, and shows where each was last seen from', async () => {
    // The phone leaves the Wi-Fi: its next page load arrives from a mobile network.
    await phone.setExtraHTTPHeaders({ 'x-forwarded-for': '198.51.100.23' });
    await reloadDevices(phonePage);
    await phone.setExtraHTTPHeaders({});

    await reloadDevices(laptopPage);
    const [onLaptop, phoneRow] = await deviceRows(laptopPage);
    expect(onLaptop).toMatch(/Last seen from 127\.0\.0\.1 · Linux PC · Headless Chrome \d+/);
    expect(onLaptop).not.toContain('New network');
    expect(phoneRow).toMatch(/Last seen from 198\.51\.100\.23 · iPhone · Safari 18/);
    expect(phoneRow).toContain('New network just now: used from 198.51.100.23, before from 127.0.0.1. Not you? Revoke it.');
  });

  it('lists an API client too, and writes a screenshot of the devices page', async () => {
    const login = await fetch(`${demo.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
      body: JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password }),
    });
    expect(login.status).toBe(200);
    apiAccessToken = ((await login.json()) as { accessToken: string }).accessToken;

    await reloadDevices(laptopPage);
    const rows = await deviceRows(laptopPage);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^Command line · curl 8\.5\.0 API client, bearer token · 127\.0\.0\.1/);
    expect(rows[1]).toMatch(/Ends in 30 days/);

    mkdirSync(join(demoDir, 'test-artifacts'), { recursive: true });
    await laptopPage.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
  });

  it('revokes the phone from the laptop; the phone is sent back to the login page on its next request', async () => {
    await reloadDevices(laptopPage);
    // The button posts to Authentify's own route, which answers the form with a 303 to return_to.
    const phoneId = await laptopPage.locator('li.device', { hasText: 'iPhone' }).getAttribute('data-session-id');
    expect(await laptopPage.locator('li.device', { hasText: 'iPhone' }).locator('form').getAttribute('action')).toBe(
      `/auth/sessions/${phoneId}/revoke?return_to=%2Fdevices%3Fnotice%3Drevoked`,
    );
    const answer = laptopPage.waitForResponse((response) => response.request().method() === 'POST');
    await laptopPage.locator('li.device', { hasText: 'iPhone' }).getByRole('button', { name: 'Revoke' }).click();
    expect({ status: (await answer).status(), location: (await answer).headers().location }).toEqual({ status: 303, location: '/devices?notice=revoked' });
    await laptopPage.waitForURL(`${demo.url}/devices?notice=revoked`);
    expect(await laptopPage.locator('.notice').innerText()).toBe('That device is signed out. Its next request will be refused.');
    const rows = await deviceRows(laptopPage);
    expect(rows).toHaveLength(2);
    expect(rows.some((row) => row.includes('iPhone'))).toBe(false);

    // The page load goes through the refresh route, which refuses the revoked session, clears its
    // cookies and sends the browser to the login page (never back to the page: no loop).
    await phonePage.reload();
    await phonePage.waitForURL(`${demo.url}/login?return_to=%2Fdevices`);
    expect(await phonePage.locator('.notice').innerText()).toMatch(/^Sign in to see that page\. If you were signed in, your session has ended/);
    // Its cookie is refused on the API as well.
    expect((await phone.request.get(`${demo.url}/api/me`)).status()).toBe(401);
  });

  it('refuses cross-origin form posts with 403 (CSRF check) and changes nothing', async () => {
    const attackerPage = await laptop.newPage();
    try {
      // A page on another port of 127.0.0.1 is another origin but the same site, so the browser
      // does send the SameSite=Lax cookie: what stops the request is the CSRF check.
      const logoutAll = await postFromOtherSite(attackerPage, '/auth/logout-all');
      expect(logoutAll.status).toBe(403);
      expect(logoutAll.headers['sec-fetch-site']).toBe('same-site');
      expect(logoutAll.headers.cookie).toMatch(/afy_access=afy_at_/);
      expect(logoutAll.page).toContain('Refused: this request came from another site');

      const [apiRow] = await laptopPage.locator('li.device', { hasText: 'curl' }).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-session-id')));
      const revoke = await postFromOtherSite(attackerPage, `/auth/sessions/${apiRow}/revoke`);
      expect(revoke.status).toBe(403);
      expect(revoke.setCookie).toEqual([]);
    } finally {
      await attackerPage.close();
    }

    // Login CSRF: another site cannot log a visitor into an account either.
    const stranger = await newDevice();
    try {
      const login = await postFromOtherSite(await stranger.newPage(), '/login', { email: DEMO_USER.email, password: DEMO_USER.password });
      expect(login.status).toBe(403);
      expect(await stranger.cookies(demo.url)).toEqual([]);
    } finally {
      await stranger.close();
    }

    await reloadDevices(laptopPage);
    expect(laptopPage.url()).toBe(`${demo.url}/devices`);
    expect(await deviceRows(laptopPage)).toHaveLength(2);
    expect((await fetch(`${demo.url}/api/me`, { headers: { authorization: `Bearer ${apiAccessToken}` } })).status).toBe(200);
  });

  it('cannot be logged out by a page on another site: a cross-site logout changes nothing, not even cookies', async () => {
    const before = await laptop.cookies(demo.url);
    expect(before.map((cookie) => cookie.name)).toEqual(['afy_access']);
    const attackerPage = await laptop.newPage();
    try {
      for (const path of ['/auth/logout', '/auth/logout-all', '/auth/logout?return_to=%2Flogin']) {
        const attack = await postFromOtherSite(attackerPage, path, {}, crossSiteUrl);
        expect(attack.headers['sec-fetch-site']).toBe('cross-site');
        // SameSite=Lax: the browser did not send the session cookie with the cross-site post…
        expect(attack.headers.cookie).toBeUndefined();
        // …and the demo answered without a single Set-Cookie, and without a redirect.
        expect({ path, status: attack.status, setCookie: attack.setCookie }).toEqual({ path, status: 401, setCookie: [] });
      }
    } finally {
      await attackerPage.close();
    }
    // The victim's browser still holds its cookie, and its next page load shows the devices page.
    expect(await laptop.cookies(demo.url)).toEqual(before);
    await reloadDevices(laptopPage);
    expect(laptopPage.url()).toBe(`${demo.url}/devices`);
    expect(await laptopPage.title()).toBe('Your devices · Authentify demo');
    // And the session is alive on the server: its cookie still authenticates the API.
    expect((await laptop.request.get(`${demo.url}/api/me`)).status()).toBe(200);
  });

  it('"Log out other devices" ends every session but this one', async () => {
    expect(await formAction(laptopPage, 'Log out other devices')).toBe('/auth/logout-others?return_to=%2Fdevices%3Fnotice%3Dothers-signed-out');
    await laptopPage.getByRole('button', { name: 'Log out other devices' }).click();
    await laptopPage.waitForURL(`${demo.url}/devices?notice=others-signed-out`);
    expect(await laptopPage.locator('.notice').innerText()).toBe('Every other session is signed out.');
    expect(await deviceRows(laptopPage)).toHaveLength(1);
    expect(await laptopPage.getByRole('button', { name: 'Log out other devices' }).isDisabled()).toBe(true);
    const refused = await fetch(`${demo.url}/api/me`, { headers: { authorization: `Bearer ${apiAccessToken}` } });
    expect(refused.status).toBe(401);
  });

  it('follows only a same-origin return_to: a hostile one lands on the demo’s own default page', async () => {
    await reloadDevices(laptopPage);
    for (const hostile of ['https://evil.example/', '//evil.example', '/\\evil.example']) {
      // A tampered form — what an injected link or a forged page would carry.
      await laptopPage
        .getByRole('button', { name: 'Log out other devices' })
        .evaluate(
          (button, action) => {
            (button as HTMLButtonElement).disabled = false;
            (button as HTMLButtonElement).form!.setAttribute('action', action);
          },
          `/auth/logout-others?return_to=${encodeURIComponent(hostile)}`);
      const answer = laptopPage.waitForResponse((response) => response.request().method() === 'POST');
      await laptopPage.getByRole('button', { name: 'Log out other devices' }).click();
      expect({ hostile, status: (await answer).status(), location: (await answer).headers().location }).toEqual({ hostile, status: 303, location: '/' });
      await laptopPage.waitForURL(`${demo.url}/devices`);
      expect(new URL(laptopPage.url()).host).toBe(new URL(demo.url).host);
    }
  });

  it('"Log out everywhere" ends every session, this one too, and clears its cookie', async () => {
    await logIn(phonePage);
    await reloadDevices(laptopPage);
    expect(await deviceRows(laptopPage)).toHaveLength(2);

    await laptopPage.getByRole('button', { name: 'Log out everywhere' }).click();
    await laptopPage.waitForURL(`${demo.url}/login?notice=signed-out-everywhere`);
    expect(await laptopPage.locator('.notice').innerText()).toBe('You are signed out on every device.');
    expect(await laptop.cookies(demo.url)).toEqual([]);

    await phonePage.reload();
    await phonePage.waitForURL(`${demo.url}/login?return_to=%2Fdevices`);
  });

  it('"Log out" ends only this device', async () => {
    await logIn(laptopPage);
    await logIn(phonePage);
    await phonePage.getByRole('button', { name: 'Log out' }).first().click();
    await phonePage.waitForURL(`${demo.url}/login?notice=signed-out`);
    expect(await phone.cookies(demo.url)).toEqual([]);
    await reloadDevices(laptopPage);
    expect(await deviceRows(laptopPage)).toHaveLength(1);
  });
});

/** How long browser access tokens live in the short-lived demo below (DEMO_BROWSER_ACCESS_TTL). */
const SHORT_ACCESS_TTL_MS = 3_000;

/**
 * The demo with 3-second browser access tokens: an access cookie that ran out is recovered by the
 * page load itself (no script on the page refreshes anything), and one whose session ended lands
 * on the login page once — no redirect loop.
 */
describe.skipIf(!available)('the demo in a real browser: an expired access cookie and a page load', () => {
  let demo: RunningDemo;
  let browser: Browser;

  beforeAll(async () => {
    demo = await startDemo({ env: { DEMO_BROWSER_ACCESS_TTL: `${SHORT_ACCESS_TTL_MS / 1000}s` } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.dispose();
  });

  /** Both cookies as the browser holds them: the access cookie at `/`, the refresh cookie at `/auth/refresh`. */
  async function sessionCookies(context: BrowserContext): Promise<{ access?: string; refresh?: string }> {
    const cookies = await context.cookies([`${demo.url}/`, `${demo.url}/auth/refresh`]);
    const value = (name: string) => cookies.find((cookie) => cookie.name === name)?.value;
    return { access: value('afy_access'), refresh: value('afy_refresh') };
  }

  /** Opens `path` and returns the page's URL at the end with every response on the way (`status path`). */
  async function navigate(page: Page, path: string): Promise<{ url: string; hops: string[] }> {
    const hops: string[] = [];
    const record = (response: Response) => {
      const url = new URL(response.url());
      if (response.request().resourceType() === 'document') hops.push(`${response.status()} ${url.pathname}${url.search}`);
    };
    page.on('response', record);
    try {
      await page.goto(`${demo.url}${path}`);
      await page.waitForLoadState('load');
    } finally {
      page.off('response', record);
    }
    return { url: page.url(), hops };
  }

  it('logs a person back in through the refresh route when the access cookie ran out, and ends a revoked session on the login page', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    try {
      await page.goto(`${demo.url}/login`);
      await page.getByLabel('Email').fill(DEMO_USER.email);
      await page.getByLabel('Password').fill(DEMO_USER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${demo.url}/devices`);
      const atLogin = await sessionCookies(context);
      expect(atLogin.access).toMatch(/^afy_at_/);
      expect(atLogin.refresh).toMatch(/^afy_rt_/);
      const sessionId = await page.locator('li.device', { hasText: 'This device' }).getAttribute('data-session-id');

      // The access cookie's Max-Age ends with its token: Chromium drops it, and keeps the refresh cookie.
      await page.waitForTimeout(SHORT_ACCESS_TTL_MS + 700);
      expect(await sessionCookies(context)).toEqual({ refresh: atLogin.refresh });

      const recovered = await navigate(page, '/devices');
      expect(recovered).toEqual({
        url: `${demo.url}/devices`,
        hops: ['303 /devices', '303 /auth/refresh?return_to=%2Fdevices', '200 /devices'],
      });
      expect(await page.title()).toBe('Your devices · Authentify demo');
      expect(await page.locator('li.device', { hasText: 'This device' }).getAttribute('data-session-id')).toBe(sessionId);
      const renewed = await sessionCookies(context);
      expect(renewed.access).toMatch(/^afy_at_/);
      expect(renewed.refresh).toMatch(/^afy_rt_/);
      expect(renewed.access).not.toBe(atLogin.access);
      expect(renewed.refresh).not.toBe(atLogin.refresh);
      expect(await page.evaluate(() => document.cookie)).toBe('');

      // The session is revoked elsewhere (an API client of the same user revokes it by id).
      const login = await fetch(`${demo.url}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const revoke = await fetch(`${demo.url}/auth/sessions/${sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${accessToken}` } });
      expect(revoke.status).toBe(200);

      await page.waitForTimeout(SHORT_ACCESS_TTL_MS + 700);
      const ended = await navigate(page, '/devices');
      expect(ended).toEqual({
        url: `${demo.url}/login?return_to=%2Fdevices`,
        hops: ['303 /devices', '303 /auth/refresh?return_to=%2Fdevices', '200 /login?return_to=%2Fdevices'],
      });
      expect(await page.locator('.notice').innerText()).toMatch(/^Sign in to see that page/);
      expect(await sessionCookies(context)).toEqual({});

      // Signing in again goes back to the page that asked for it.
      await page.getByLabel('Email').fill(DEMO_USER.email);
      await page.getByLabel('Password').fill(DEMO_USER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${demo.url}/devices`);
    } finally {
      await context.close();
    }
  });

  it('keeps the 401 for a fetch() once the access cookie ran out (no detour through the refresh route)', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    try {
      await page.goto(`${demo.url}/login`);
      await page.getByLabel('Email').fill(DEMO_USER.email);
      await page.getByLabel('Password').fill(DEMO_USER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${demo.url}/devices`);
      await page.waitForTimeout(SHORT_ACCESS_TTL_MS + 700);
      // The demo's Content-Security-Policy allows no script, so the fetch() is made with the
      // browser's cookie jar and the Fetch Metadata a page script's fetch() would carry.
      const answer = await context.request.get(`${demo.url}/auth/sessions`, {
        headers: { 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', 'sec-fetch-site': 'same-origin' },
        maxRedirects: 0,
      });
      expect(answer.status()).toBe(401);
      expect(await answer.json()).toMatchObject({ error: 'missing' });
      // The refresh cookie is still there: a script would now POST /auth/refresh and retry.
      expect((await context.cookies(`${demo.url}/auth/refresh`)).map((cookie) => cookie.name)).toEqual(['afy_refresh']);
    } finally {
      await context.close();
    }
  });
});
