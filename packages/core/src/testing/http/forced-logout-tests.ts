import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS } from './conformance-fixture.js';
import { expectAuthenticated, expectCleared, expectError } from './expectations.js';
import { accessCookieHeader, bearer, type ConformanceClient } from './test-client.js';

const { required } = CONFORMANCE_PATHS;
const EVIL = 'https://evil.example';
/** What a browser adds to a form post from a page on another site. */
const CROSS_SITE = { origin: EVIL, 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' };
const LOGOUTS = ['/auth/logout', '/auth/logout-all'];

/**
 * No forced logout: a request that fails the origin check, or carries no credential, changes
 * nothing — not even cookies. Only a dead cookie on a same-origin logout is cleared.
 */
export function forcedLogoutTests(client: () => ConformanceClient): void {
  describe('no forced logout', () => {
    const sameOrigin = () => ({ origin: client().origin, 'sec-fetch-site': 'same-origin' });

    it.each(LOGOUTS)('answers a cross-site %s without cookies (SameSite=Lax) with 401 and no Set-Cookie', async (path) => {
      for (const query of ['', '?return_to=%2Flogin']) {
        const response = await client().request(`${path}${query}`, { method: 'POST', headers: CROSS_SITE, body: '' });
        expectError(response, 401, 'missing');
        expect(response.rawCookies).toEqual([]);
        expect(response.headers.get('location')).toBeNull();
      }
    });

    it('sends no Set-Cookie on any route refused for a missing credential, same-origin or not', async () => {
      for (const path of [...LOGOUTS, '/auth/logout-others', '/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA/revoke']) {
        for (const headers of [{}, sameOrigin(), CROSS_SITE]) {
          const response = await client().request(path, { method: 'POST', headers });
          expectError(response, 401, 'missing');
          expect({ path, cookies: response.rawCookies }).toEqual({ path, cookies: [] });
        }
      }
    });

    it.each(LOGOUTS)('refuses a cross-site %s that carries the cookie with 403, no Set-Cookie, and the session alive', async (path) => {
      const session = await client().loginCookie(uniqueUserId('forced-logout'));
      const response = await client().request(path, { method: 'POST', headers: { ...CROSS_SITE, ...accessCookieHeader(session.access) } });
      expectError(response, 403, 'csrf_rejected');
      expect(response.rawCookies).toEqual([]);
      expectAuthenticated(await client().request(required, { headers: accessCookieHeader(session.access) }), session.sessionId);
    });

    it('does not clear even a dead cookie when the request fails the origin check', async () => {
      for (const path of LOGOUTS) {
        const response = await client().request(path, { method: 'POST', headers: { ...CROSS_SITE, ...accessCookieHeader('afy_at_stale') } });
        expectError(response, 403, 'csrf_rejected');
        expect(response.rawCookies).toEqual([]);
      }
    });

    it.each(['malformed', 'revoked', 'expired'] as const)('clears a %s cookie on a same-origin logout (401, both cookies deleted)', async (reason) => {
      for (const path of LOGOUTS) {
        const session = await client().loginCookie(uniqueUserId(`dead-${reason}`));
        let cookie = session.access;
        if (reason === 'malformed') cookie = 'afy_at_stale';
        if (reason === 'revoked') {
          // Logged out already (say, in another tab): the cookie left behind is dead.
          expect((await client().request('/auth/logout', { method: 'POST', headers: accessCookieHeader(cookie) })).status).toBe(200);
        }
        if (reason === 'expired') await client().advanceClock(16 * 60_000);
        const response = await client().request(path, { method: 'POST', headers: { ...sameOrigin(), ...accessCookieHeader(cookie) } });
        expectError(response, 401, reason);
        expectCleared(response, 'afy_access', '/');
        expectCleared(response, 'afy_refresh', '/auth/refresh');
      }
    });

    it('keeps a cookie refused for a reason that may pass (a hook’s refusal, an inactive user): the session lives on', async () => {
      const refused = await client().loginCookie(uniqueUserId('hook-refused'), { refuse: true });
      const inactive = await client().loginCookie(uniqueUserId('inactive-user'));
      for (const [session, reason] of [[refused, 'refused'], [inactive, 'user_inactive']] as const) {
        const response = await client().request('/auth/logout', { method: 'POST', headers: { ...sameOrigin(), ...accessCookieHeader(session.access) } });
        expectError(response, 401, reason);
        expect(response.rawCookies).toEqual([]);
      }
    });

    it('does not clear cookies for a refused header token, nor on logout-others and revoke routes', async () => {
      const header = await client().request('/auth/logout', { method: 'POST', headers: bearer('afy_at_stale') });
      expectError(header, 401, 'malformed');
      expect(header.rawCookies).toEqual([]);
      for (const path of ['/auth/logout-others', '/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA/revoke']) {
        const response = await client().request(path, { method: 'POST', headers: { ...sameOrigin(), ...accessCookieHeader('afy_at_stale') } });
        expectError(response, 401, 'malformed');
        expect(response.rawCookies).toEqual([]);
      }
    });
  });
}
