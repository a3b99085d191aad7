import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS, CONFORMANCE_SETTINGS } from './conformance-fixture.js';
import { expectAnonymous, expectAuthenticated, expectCleared, expectError } from './expectations.js';
import { accessCookieHeader, bearer, type ConformanceClient, setCookieOf } from './test-client.js';

const { optional, required } = CONFORMANCE_PATHS;
const { loginPage } = CONFORMANCE_SETTINGS;
const PAST_ACCESS_TTL_MS = CONFORMANCE_SETTINGS.accessTtlSeconds * 1000 + 1_000;

/** What Chromium sends with a typed URL, a link or a redirect it follows: a top-level navigation. */
const NAVIGATION = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
  'sec-fetch-site': 'none',
};
/** A page script's `fetch()`. */
const SCRIPT_FETCH = { accept: '*/*', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', 'sec-fetch-site': 'same-origin' };

const encoded = (path: string) => encodeURIComponent(path);
// Requests go through `browserRequest`: fetch() would replace their Sec-Fetch-Mode with `cors`.

/**
 * `navigationRefresh` (on in the conformance app, `loginPath: '/login'`): a browser navigation to
 * a required page with an expired access cookie comes back logged in through the refresh route,
 * with no script; a dead session ends on the login page without a loop; scripts keep their 401.
 */
export function navigationRefreshTests(client: () => ConformanceClient): void {
  const refreshNavigation = (returnTo: string, headers: Record<string, string> = {}) =>
    client().browserRequest(`/auth/refresh?return_to=${encoded(returnTo)}`, { headers: { ...NAVIGATION, ...headers } });

  describe('navigation refresh (no page script)', () => {
    it('sends a navigation without any cookie through the refresh route, with a same-origin return_to', async () => {
      const page = `${required}?tab=devices&q=a%20b`;
      const response = await client().browserRequest(page, { headers: NAVIGATION });
      expect({ status: response.status, location: response.headers.get('location') }).toEqual({
        status: 303,
        location: `/auth/refresh?return_to=${encoded(page)}`,
      });
      expect(response.rawCookies).toEqual([]);
      expect(response.headers.get('cache-control')).toBe('no-store');
      // A browser without Fetch Metadata is recognised by its Accept header.
      const older = await client().browserRequest(required, { headers: { accept: NAVIGATION.accept } });
      expect(older.status).toBe(303);
    });

    it('logs an expired cookie session back in: page → refresh route → page, with both cookies new', async () => {
      const session = await client().loginCookie(uniqueUserId('navigation'));
      await client().advanceClock(PAST_ACCESS_TTL_MS);

      const page = await client().browserRequest(required, { headers: { ...NAVIGATION, ...accessCookieHeader(session.access) } });
      expect({ status: page.status, location: page.headers.get('location') }).toEqual({
        status: 303,
        location: `/auth/refresh?return_to=${encoded(required)}`,
      });

      // A link from another site is a cross-site navigation all along its redirects: still accepted.
      const refreshed = await refreshNavigation(required, { cookie: `afy_refresh=${session.refresh}`, 'sec-fetch-site': 'cross-site' });
      expect({ status: refreshed.status, location: refreshed.headers.get('location'), body: refreshed.text }).toEqual({
        status: 303,
        location: required,
        body: '',
      });
      const access = setCookieOf(refreshed, 'afy_access');
      const refresh = setCookieOf(refreshed, 'afy_refresh');
      expect(access).toMatchObject({ httpOnly: true, path: '/', maxAge: CONFORMANCE_SETTINGS.accessTtlSeconds });
      expect(refresh).toMatchObject({ httpOnly: true, path: '/auth/refresh' });
      expect([access.value, refresh.value]).not.toContain(session.access);
      expect(refresh.value).not.toBe(session.refresh);

      expectAuthenticated(await client().browserRequest(required, { headers: { ...NAVIGATION, ...accessCookieHeader(access.value!) } }), session.sessionId);
    });

    it('ends a dead session on the login page, never back at the page: no loop', async () => {
      // No refresh cookie at all: nothing to refresh, nothing to clear.
      const anonymous = await refreshNavigation(required);
      expect({ status: anonymous.status, location: anonymous.headers.get('location'), cookies: anonymous.rawCookies }).toEqual({
        status: 303,
        location: `${loginPage}?return_to=${encoded(required)}`,
        cookies: [],
      });

      // A revoked session: its refresh cookie is refused, and both cookies are cleared.
      const session = await client().loginCookie(uniqueUserId('navigation-dead'));
      const logout = await client().request('/auth/logout', { method: 'POST', headers: accessCookieHeader(session.access) });
      expect(logout.status).toBe(200);
      await client().advanceClock(PAST_ACCESS_TTL_MS);
      const page = await client().browserRequest(required, { headers: { ...NAVIGATION, ...accessCookieHeader(session.access) } });
      expect(page.headers.get('location')).toBe(`/auth/refresh?return_to=${encoded(required)}`);
      const refused = await refreshNavigation(required, { cookie: `afy_refresh=${session.refresh}` });
      expect({ status: refused.status, location: refused.headers.get('location') }).toEqual({
        status: 303,
        location: `${loginPage}?return_to=${encoded(required)}`,
      });
      expectCleared(refused, 'afy_access', '/');
      expectCleared(refused, 'afy_refresh', '/auth/refresh');
    });

    it('keeps the documented 401 for scripts, header tokens, form posts and frames', async () => {
      const session = await client().loginCookie(uniqueUserId('navigation-fetch'));
      await client().advanceClock(PAST_ACCESS_TTL_MS);
      expectError(await client().browserRequest(required, { headers: { ...SCRIPT_FETCH, ...accessCookieHeader(session.access) } }), 401, 'expired');
      expectError(await client().browserRequest(required, { headers: SCRIPT_FETCH }), 401, 'missing');
      // An XMLHttpRequest / fetch without Fetch Metadata and without text/html in Accept.
      expectError(await client().browserRequest(required, { headers: { accept: 'application/json' } }), 401, 'missing');

      const header = await client().loginHeader(uniqueUserId('navigation-header'));
      await client().advanceClock(PAST_ACCESS_TTL_MS);
      expectError(await client().browserRequest(required, { headers: { ...NAVIGATION, ...bearer(header.accessToken) } }), 401, 'expired');

      expectError(await client().browserRequest(required, { method: 'POST', headers: NAVIGATION }), 401, 'missing');
      expectError(await client().browserRequest(required, { headers: { ...NAVIGATION, 'sec-fetch-dest': 'iframe' } }), 401, 'missing');
      // Optional pages stay anonymous: a logged-out visitor's pages are never redirected.
      expectAnonymous(await client().browserRequest(optional, { headers: NAVIGATION }));
    });

    it('rotates on GET only for a top-level navigation: a script, an image or a frame gets 403 and changes nothing', async () => {
      const session = await client().loginCookie(uniqueUserId('navigation-csrf'));
      const cookie = `afy_refresh=${session.refresh}`;
      for (const headers of [
        { ...SCRIPT_FETCH, cookie },
        { accept: 'image/*', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image', 'sec-fetch-site': 'cross-site', cookie },
        { ...NAVIGATION, 'sec-fetch-dest': 'iframe', 'sec-fetch-site': 'cross-site', cookie },
      ]) {
        const response = await client().browserRequest(`/auth/refresh?return_to=${encoded(required)}`, { headers });
        expectError(response, 403, 'csrf_rejected');
        expect(response.rawCookies).toEqual([]);
      }
      // The refresh token was not rotated: it still works.
      const refreshed = await refreshNavigation(required, { cookie });
      expect(refreshed.status).toBe(303);
      expect(refreshed.headers.get('location')).toBe(required);
    });

    it('follows only a same-origin return_to after refreshing', async () => {
      for (const hostile of ['https://evil.example/', '//evil.example', '/\\evil.example', '/..//evil.example']) {
        const session = await client().loginCookie(uniqueUserId('navigation-return'));
        const response = await refreshNavigation(hostile, { cookie: `afy_refresh=${session.refresh}` });
        expect({ hostile, status: response.status, location: response.headers.get('location') }).toEqual({ hostile, status: 303, location: '/' });
      }
    });
  });
}
