import { parseSetCookie } from 'cookie';
import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS, CONFORMANCE_SETTINGS } from './conformance-fixture.js';
import { expectAuthenticated, expectCleared } from './expectations.js';
import { sendRaw } from './raw-http.js';
import { accessCookieHeader, bearer, type ConformanceClient, setCookieOf } from './test-client.js';

const { login, required } = CONFORMANCE_PATHS;
const MINUTE = 60_000;

/** Cookie attributes, the localhost rule for Secure, sliding re-set and clearing. */
export function cookieTests(client: () => ConformanceClient): void {
  describe('session cookies', () => {
    it('writes the access cookie HttpOnly, SameSite=Lax, Path=/, Max-Age = access TTL (no Secure on 127.0.0.1)', async () => {
      const { response } = await client().loginCookie(uniqueUserId('cookie'));
      const access = setCookieOf(response, 'afy_access');
      expect(access).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/', maxAge: CONFORMANCE_SETTINGS.accessTtlSeconds });
      expect(access.secure).toBeUndefined();
      expect(access.domain).toBeUndefined();
    });

    it('scopes the refresh cookie to the refresh route, living as long as sliding can keep its token alive', async () => {
      const { response } = await client().loginCookie(uniqueUserId('cookie'));
      expect(setCookieOf(response, 'afy_refresh')).toMatchObject({
        httpOnly: true,
        sameSite: 'lax',
        path: '/auth/refresh',
        maxAge: CONFORMANCE_SETTINGS.refreshCookieMaxAgeSeconds,
      });
    });

    it('keeps the refresh cookie alive past every sliding move of its token, and re-sets it where the browser sends it', async () => {
      const session = await client().loginCookie(uniqueUserId('sliding-refresh'));
      const loginRefresh = setCookieOf(session.response, 'afy_refresh');
      const loggedInAt = Date.parse(session.response.json.session.lastUsedAt);
      const cookieEndsAt = loggedInAt + loginRefresh.maxAge! * 1000;

      await client().advanceClock(14 * MINUTE);
      // Only the access cookie comes with a page request (the refresh cookie's path is the refresh route).
      const extended = await client().request(required, { headers: accessCookieHeader(session.access) });
      expectAuthenticated(extended, session.sessionId);
      expect(extended.cookies.map((cookie) => cookie.name)).toEqual(['afy_access']);
      const listed = await client().request('/auth/sessions', { headers: accessCookieHeader(session.access) });
      const refreshExpiresAt = Date.parse(listed.json.sessions[0].refreshExpiresAt);
      expect(refreshExpiresAt - loggedInAt).toBe(CONFORMANCE_SETTINGS.refreshTtlSeconds * 1000 + 14 * MINUTE);
      // The token's expiry moved; the cookie written at login still outlives it.
      expect(cookieEndsAt).toBeGreaterThanOrEqual(refreshExpiresAt);

      // Where the refresh cookie's path covers the page (cookies.refreshPath: '/'), the extension re-sets it.
      await client().advanceClock(14 * MINUTE);
      const both = await client().request(required, { headers: { cookie: `afy_access=${session.access}; afy_refresh=${session.refresh}` } });
      expectAuthenticated(both, session.sessionId);
      expect(setCookieOf(both, 'afy_refresh')).toMatchObject({
        value: session.refresh,
        path: '/auth/refresh',
        httpOnly: true,
        maxAge: CONFORMANCE_SETTINGS.refreshCookieMaxAgeSeconds,
      });
    });

    it('marks cookies Secure for every host but localhost', async () => {
      const loginVia = async (host: string) => {
        const body = JSON.stringify({ userId: uniqueUserId('secure'), transport: 'cookie' });
        const raw = await sendRaw(
          client().baseUrl,
          [`POST ${login} HTTP/1.1`, `Host: ${host}`, 'Content-Type: application/json'],
          body,
        );
        expect(raw.status, `login via Host: ${host}`).toBe(200);
        return (raw.headers['set-cookie'] ?? []).map((value) => parseSetCookie(value));
      };
      const port = new URL(client().baseUrl).port;
      for (const host of ['app.example', `app.example:${port}`, '10.0.0.7']) {
        const cookies = await loginVia(host);
        expect(cookies.map((cookie) => [cookie.name, cookie.secure])).toEqual([
          ['afy_access', true],
          ['afy_refresh', true],
        ]);
      }
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
        const cookies = await loginVia(host);
        expect(cookies.map((cookie) => [cookie.name, cookie.secure])).toEqual([
          ['afy_access', undefined],
          ['afy_refresh', undefined],
        ]);
      }
    });

    it('re-sets the access cookie with the new Max-Age when sliding expiry extends a cookie session', async () => {
      const session = await client().loginCookie(uniqueUserId('sliding'));
      const first = await client().request(required, { headers: accessCookieHeader(session.access) });
      expectAuthenticated(first, session.sessionId);
      expect(first.rawCookies).toEqual([]); // nothing moved: no cookie written

      await client().advanceClock(14 * MINUTE);
      const extended = await client().request(required, { headers: accessCookieHeader(session.access) });
      expectAuthenticated(extended, session.sessionId);
      expect(Date.parse(extended.json.auth.accessExpiresAt) - Date.parse(first.json.auth.accessExpiresAt)).toBe(14 * MINUTE);
      expect(setCookieOf(extended, 'afy_access')).toMatchObject({
        value: session.access,
        maxAge: CONFORMANCE_SETTINGS.accessTtlSeconds,
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
      });

      // 28 minutes after login: alive only because the extension was stored.
      await client().advanceClock(14 * MINUTE);
      const later = await client().request(required, { headers: accessCookieHeader(session.access) });
      expectAuthenticated(later, session.sessionId);
      expect(setCookieOf(later, 'afy_access').maxAge).toBe(CONFORMANCE_SETTINGS.accessTtlSeconds);
    });

    it('writes no cookie when a header session is extended', async () => {
      const session = await client().loginHeader(uniqueUserId('sliding'));
      await client().advanceClock(2 * MINUTE);
      const extended = await client().request(required, { headers: bearer(session.accessToken) });
      expectAuthenticated(extended, session.sessionId);
      expect(Date.parse(extended.json.auth.accessExpiresAt) - Date.parse(session.body.accessExpiresAt)).toBe(2 * MINUTE);
      expect(extended.rawCookies).toEqual([]);
    });

    it('clears both cookies on logout, each at its own path', async () => {
      const session = await client().loginCookie(uniqueUserId('clear'));
      const logout = await client().request('/auth/logout', { method: 'POST', headers: accessCookieHeader(session.access) });
      expect(logout.status).toBe(200);
      expectCleared(logout, 'afy_access', '/');
      expectCleared(logout, 'afy_refresh', '/auth/refresh');
      expect(setCookieOf(logout, 'afy_access')).toMatchObject({ httpOnly: true, sameSite: 'lax' });
    });
  });
}
