import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS, CONFORMANCE_TRUSTED_ORIGIN } from './conformance-fixture.js';
import { expectAuthenticated, expectError } from './expectations.js';
import { accessCookieHeader, bearer, type ConformanceClient } from './test-client.js';

const { optional, required } = CONFORMANCE_PATHS;
const EVIL = 'https://evil.example';

/** CSRF protection of cookie-authenticated unsafe requests. */
export function csrfTests(client: () => ConformanceClient): void {
  describe('CSRF protection', () => {
    const cookieSession = () => client().loginCookie(uniqueUserId('csrf'));

    it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses a cross-origin cookie-authenticated %s with 403 csrf_rejected', async (method) => {
      const session = await cookieSession();
      const response = await client().request(required, {
        method,
        headers: { ...accessCookieHeader(session.access), origin: EVIL },
      });
      expectError(response, 403, 'csrf_rejected');
    });

    it('refuses before acting: a cross-origin logout leaves the session alive', async () => {
      const session = await cookieSession();
      for (const path of ['/auth/logout', '/auth/logout-all', '/auth/logout-others']) {
        const response = await client().request(path, {
          method: 'POST',
          headers: { ...accessCookieHeader(session.access), origin: EVIL, 'sec-fetch-site': 'cross-site' },
        });
        expectError(response, 403, 'csrf_rejected');
        expect(response.rawCookies).toEqual([]);
      }
      const revoke = await client().request(`/auth/sessions/${session.sessionId}`, {
        method: 'DELETE',
        headers: { ...accessCookieHeader(session.access), origin: EVIL },
      });
      expectError(revoke, 403, 'csrf_rejected');
      expectAuthenticated(await client().request(required, { headers: accessCookieHeader(session.access) }), session.sessionId);
    });

    it('allows the server’s own origin, and Sec-Fetch-Site: same-origin or none', async () => {
      const session = await cookieSession();
      for (const headers of <Record<string, string>[]>[
        { origin: client().origin },
        { 'sec-fetch-site': 'same-origin' },
        { origin: client().origin, 'sec-fetch-site': 'same-origin' },
        { 'sec-fetch-site': 'none' },
      ]) {
        const response = await client().request(required, { method: 'POST', headers: { ...accessCookieHeader(session.access), ...headers } });
        expectAuthenticated(response, session.sessionId);
      }
    });

    it('refuses Sec-Fetch-Site cross-site and same-site whatever Origin claims, unless the origin is trusted', async () => {
      const session = await cookieSession();
      for (const headers of <Record<string, string>[]>[
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site', origin: 'https://sibling.example' },
        { 'sec-fetch-site': 'cross-site', origin: client().origin },
        { 'sec-fetch-site': 'cross-site', origin: EVIL },
      ]) {
        const response = await client().request(required, { method: 'POST', headers: { ...accessCookieHeader(session.access), ...headers } });
        expectError(response, 403, 'csrf_rejected');
      }
      const trusted = await client().request(required, {
        method: 'POST',
        headers: { ...accessCookieHeader(session.access), 'sec-fetch-site': 'cross-site', origin: CONFORMANCE_TRUSTED_ORIGIN },
      });
      expectAuthenticated(trusted, session.sessionId);
    });

    it.each([
      ['null', 'null'],
      ['an origin with another port', 'http://127.0.0.1:1'],
      ['a look-alike host', 'http://127.0.0.1.evil.example'],
      ['garbage', 'not an origin'],
      ['two origins', `${EVIL}, ${CONFORMANCE_TRUSTED_ORIGIN}`],
    ])('refuses Origin: %s', async (_label, origin) => {
      const session = await cookieSession();
      const response = await client().request(required, { method: 'POST', headers: { ...accessCookieHeader(session.access), origin } });
      expectError(response, 403, 'csrf_rejected');
    });

    it('does not check safe methods', async () => {
      const session = await cookieSession();
      for (const method of ['GET', 'HEAD']) {
        const response = await client().request(required, {
          method,
          headers: { ...accessCookieHeader(session.access), origin: EVIL, 'sec-fetch-site': 'cross-site' },
        });
        expect(response.status).toBe(200);
      }
    });

    it('does not check header-authenticated requests (a page cannot set Authorization cross-origin)', async () => {
      const session = await client().loginHeader(uniqueUserId('csrf-header'));
      const response = await client().request(required, {
        method: 'POST',
        headers: { ...bearer(session.accessToken), origin: EVIL, 'sec-fetch-site': 'cross-site' },
      });
      expectAuthenticated(response, session.sessionId);
    });

    it('lets requests without Origin and Sec-Fetch-Site through (not from a browser page)', async () => {
      const session = await cookieSession();
      expectAuthenticated(
        await client().request(required, { method: 'POST', headers: accessCookieHeader(session.access) }),
        session.sessionId,
      );
    });

    it('checks cookie refreshes and cookie requests in optional mode too', async () => {
      const session = await cookieSession();
      const refresh = await client().request('/auth/refresh', {
        method: 'POST',
        headers: { cookie: `afy_refresh=${session.refresh}`, origin: EVIL },
      });
      expectError(refresh, 403, 'csrf_rejected');
      expect(refresh.rawCookies).toEqual([]);
      const optionalResponse = await client().request(optional, {
        method: 'POST',
        headers: { ...accessCookieHeader(session.access), origin: EVIL },
      });
      expectError(optionalResponse, 403, 'csrf_rejected');
      // The refused refresh rotated nothing: the refresh token still works.
      const legit = await client().request('/auth/refresh', {
        method: 'POST',
        headers: { cookie: `afy_refresh=${session.refresh}`, origin: client().origin },
      });
      expect(legit.status).toBe(200);
    });
  });
}
