import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProgram, tsxArgs } from '../../../test/support/run-program.js';
import { DEMO_USER } from '../src/users.js';
import { demoDir, type RunningDemo, startDemo } from './support/demo-server.js';

const CREDENTIALS = { email: DEMO_USER.email, password: DEMO_USER.password };

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('starting the demo', () => {
  let demo: RunningDemo;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.dispose();
  });

  it('creates and migrates its database on first run and prints the demo credentials', () => {
    const output = demo.output();
    expect(output).toContain(`Sign in   ${DEMO_USER.email} / ${DEMO_USER.password}`);
    expect(output).toContain(`Open      ${demo.url}`);
    expect(output).toMatch(/Database {2}.*demo\.sqlite \(created and migrated just now\)/);
    expect(existsSync(join(demo.dataDir, 'demo.sqlite'))).toBe(true);
  });

  it('keeps sessions and the user across a restart on the same database', async () => {
    const login = await postJson(`${demo.url}/api/login`, CREDENTIALS);
    const { accessToken } = (await login.json()) as { accessToken: string };
    await demo.stop();

    const again = await startProgram(process.execPath, tsxArgs('src/main.ts'), { cwd: demoDir, env: { PORT: '0', DEMO_DATA_DIR: demo.dataDir } });
    try {
      expect(again.output()).toMatch(/demo\.sqlite \(existing\)/);
      const me = await fetch(`${again.url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(me.status).toBe(200);
      expect((await postJson(`${again.url}/api/login`, CREDENTIALS)).status).toBe(200);
    } finally {
      await again.stop();
    }
  });

  it('says which port is taken, and how to pick another, when its port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((listening) => blocker.listen(0, '127.0.0.1', listening));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const started = startProgram(process.execPath, tsxArgs('src/main.ts'), {
        cwd: demoDir,
        env: { PORT: String(port), DEMO_DATA_DIR: demo.dataDir },
        timeoutMs: 30_000,
      });
      await expect(started).rejects.toThrow(new RegExp(`exited with code 1[\\s\\S]*Port ${port} is already in use\\. Start the demo on another one: PORT=${port + 1} pnpm start`));
    } finally {
      await new Promise((closed) => blocker.close(closed));
    }
  });
});

describe('the demo’s HTTP answers', () => {
  let demo: RunningDemo;
  const url = (path: string) => `${demo.url}${path}`;
  beforeAll(async () => {
    demo = await startDemo();
  });
  afterAll(async () => {
    await demo?.dispose();
  });

  it('refuses a wrong password, an unknown email and a malformed login body, without saying which', async () => {
    const wrongPassword = await postJson(url('/api/login'), { ...CREDENTIALS, password: 'wrong' });
    const unknownEmail = await postJson(url('/api/login'), { ...CREDENTIALS, email: 'nobody@example.com' });
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'invalid_credentials', message: 'Wrong email or password.' });
    }
    const malformed = await fetch(url('/api/login'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toBe('invalid_body');
    const oversized = await postJson(url('/api/login'), { ...CREDENTIALS, padding: 'x'.repeat(20_000) });
    expect(oversized.status).toBe(413);
  });

  it('answers protected API routes without a valid token with 401 and an RFC 6750 challenge', async () => {
    const missing = await fetch(url('/api/me'));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const garbled = await fetch(url('/api/me'), { headers: { authorization: 'Bearer afy_at_not-a-real-token' } });
    expect(garbled.status).toBe(401);
    expect(((await garbled.json()) as { error: string }).error).toBe('malformed');
  });

  it('sends a visitor without a session to the login page; a script asking for the devices page gets the 401', async () => {
    const home = await fetch(url('/'), { redirect: 'manual' });
    expect({ status: home.status, location: home.headers.get('location') }).toEqual({ status: 303, location: '/login' });
    // fetch() is not a navigation (Sec-Fetch-Mode: cors): no detour through the refresh route.
    // Navigations are shown in Chromium (browser.test.ts).
    const devices = await fetch(url('/devices'), { redirect: 'manual' });
    expect(devices.status).toBe(401);
    expect(((await devices.json()) as { error: string }).error).toBe('missing');
    // The refresh route takes a GET only from a navigation: a script's is refused, nothing rotates.
    const refresh = await fetch(url('/auth/refresh?return_to=%2Fdevices'), { redirect: 'manual' });
    expect(refresh.status).toBe(403);
  });

  it('has no form handlers of its own: the page forms post to Authentify’s routes, which answer 303 to a same-origin return_to only', async () => {
    const form = 'application/x-www-form-urlencoded';
    const login = await fetch(url('/login'), { method: 'POST', headers: { 'content-type': form, origin: demo.url }, body: new URLSearchParams(CREDENTIALS), redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const post = (path: string, headers: Record<string, string> = { cookie }) =>
      fetch(url(path), { method: 'POST', headers: { origin: demo.url, 'content-type': form, accept: 'text/html', ...headers }, body: '', redirect: 'manual' });

    const back = await post(`/auth/logout-others?return_to=${encodeURIComponent('/devices?notice=others-signed-out')}`);
    expect({ status: back.status, location: back.headers.get('location') }).toEqual({ status: 303, location: '/devices?notice=others-signed-out' });
    for (const hostile of ['https://evil.example/', '//evil.example', '/\\evil.example', '/..//evil.example', 'javascript:alert(1)']) {
      const response = await post(`/auth/logout-others?return_to=${encodeURIComponent(hostile)}`);
      // Not followed: the demo's `defaultReturnTo`, its own front page.
      expect({ hostile, status: response.status, location: response.headers.get('location') }).toEqual({ hostile, status: 303, location: '/' });
    }
    expect((await post('/devices/abc/revoke')).status).toBe(404);

    // Without a session: a page saying so, and no Set-Cookie.
    const anonymous = await post(`/auth/sessions/abc/revoke?return_to=${encodeURIComponent('/devices')}`, {});
    expect({ status: anonymous.status, cookies: anonymous.headers.getSetCookie() }).toEqual({ status: 401, cookies: [] });
    expect(await anonymous.text()).toContain('You are not signed in');
  });

  it('escapes what a visitor typed when it shows the login form again', async () => {
    const hostile = '"><script>alert(1)</script>@example.com';
    const response = await fetch(url('/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ email: hostile, password: 'wrong' }),
    });
    expect(response.status).toBe(401);
    const page = await response.text();
    expect(page).toContain('Wrong email or password.');
    expect(page).not.toContain('<script>');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@example.com"');
  });

  it('shows only known notices: a ?notice= value is never echoed into the page', async () => {
    const page = await (await fetch(url('/login?notice=%3Cb%3Eowned%3C/b%3E'))).text();
    expect(page).not.toContain('owned');
    expect(await (await fetch(url('/login?notice=signed-out'))).text()).toContain('You are signed out on this device.');
  });

  it('serves pages with a strict Content-Security-Policy, and answers unknown paths in kind', async () => {
    const login = await fetch(url('/login'));
    expect(login.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(login.headers.get('content-security-policy')).toContain("form-action 'self'");
    const forBrowser = await fetch(url('/nowhere'), { headers: { accept: 'text/html' } });
    expect(forBrowser.status).toBe(404);
    expect(await forBrowser.text()).toContain('Page not found');
    const forApi = await fetch(url('/nowhere'));
    expect(forApi.status).toBe(404);
    expect(await forApi.json()).toEqual({ error: 'not_found', message: 'There is nothing at this address.' });
  });
});
