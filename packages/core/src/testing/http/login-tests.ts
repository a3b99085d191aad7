import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS, CONFORMANCE_SETTINGS, CONFORMANCE_TRUSTED_ORIGIN } from './conformance-fixture.js';
import { expectAuthenticated, expectError } from './expectations.js';
import { accessCookieHeader, bearer, type ConformanceClient, cookieValue } from './test-client.js';

const { login, required } = CONFORMANCE_PATHS;

/** The login helper: header and cookie sessions, redirect, limit, login CSRF, outage. */
export function loginTests(client: () => ConformanceClient): void {
  describe('login helper', () => {
    it('hands a header session its tokens as JSON — no cookies, never cached — and they authenticate', async () => {
      const userId = uniqueUserId('login');
      const response = await client().request(login, {
        method: 'POST',
        json: { userId, transport: 'header', context: { device: 'cli' } },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.rawCookies).toEqual([]);
      expect(response.json).toMatchObject({
        tokenType: 'Bearer',
        accessToken: expect.stringMatching(/^afy_at_/),
        refreshToken: expect.stringMatching(/^afy_rt_/),
        session: { transport: 'header', context: { device: 'cli' }, status: 'active' },
      });
      const { session } = response.json;
      expect(Date.parse(response.json.accessExpiresAt) - Date.parse(session.createdAt)).toBe(CONFORMANCE_SETTINGS.accessTtlSeconds * 1000);
      expect(Date.parse(response.json.refreshExpiresAt) - Date.parse(session.createdAt)).toBe(CONFORMANCE_SETTINGS.refreshTtlSeconds * 1000);

      const me = await client().request(required, { headers: bearer(response.json.accessToken) });
      expectAuthenticated(me, session.id);
      expect(me.json.auth).toMatchObject({ userId, user: { id: userId }, transport: 'header', context: { device: 'cli' } });
    });

    it('hands a cookie session HttpOnly cookies and a body without any token', async () => {
      const userId = uniqueUserId('login');
      const response = await client().request(login, { method: 'POST', json: { userId, transport: 'cookie' } });
      expect(response.status).toBe(200);
      const access = cookieValue(response, 'afy_access');
      const refresh = cookieValue(response, 'afy_refresh');
      expect(access).toMatch(/^afy_at_/);
      expect(refresh).toMatch(/^afy_rt_/);
      expect(Object.keys(response.json)).toEqual(['session']);
      expect(response.text).not.toContain(access);
      expect(response.text).not.toContain(refresh);

      const me = await client().request(required, { headers: accessCookieHeader(access!) });
      expectAuthenticated(me, response.json.session.id);
      expect(me.json.auth.transport).toBe('cookie');
    });

    it('answers a form login with 303 See Other to redirectTo, cookies set', async () => {
      const response = await client().request(login, {
        method: 'POST',
        json: { userId: uniqueUserId('login'), transport: 'cookie', redirectTo: '/devices?welcome=1' },
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/devices?welcome=1');
      expect(cookieValue(response, 'afy_access')).toMatch(/^afy_at_/);
      expect(response.text).toBe('');
    });

    it('refuses a login beyond the session limit with 409 session_limit_reached, and issues nothing', async () => {
      const userId = uniqueUserId('limit');
      const sessions = [];
      for (let index = 0; index < CONFORMANCE_SETTINGS.sessionLimit; index++) sessions.push(await client().loginHeader(userId));
      const refused = await client().request(login, { method: 'POST', json: { userId, transport: 'header' } });
      expectError(refused, 409, 'session_limit_reached');
      expect(refused.text).not.toContain('afy_at_');

      const logout = await client().request('/auth/logout', { method: 'POST', headers: bearer(sessions[0]!.accessToken) });
      expect(logout.status).toBe(200);
      expect((await client().request(login, { method: 'POST', json: { userId, transport: 'header' } })).status).toBe(200);
    });

    it('refuses a cookie login from a foreign origin (login CSRF) with 403, but not from a trusted one', async () => {
      const userId = uniqueUserId('login-csrf');
      const crossSite = await client().request(login, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        json: { userId, transport: 'cookie' },
      });
      expectError(crossSite, 403, 'csrf_rejected');
      expect(crossSite.rawCookies).toEqual([]);

      const trusted = await client().request(login, {
        method: 'POST',
        headers: { origin: CONFORMANCE_TRUSTED_ORIGIN, 'sec-fetch-site': 'cross-site' },
        json: { userId, transport: 'cookie' },
      });
      expect(trusted.status).toBe(200);

      const sameOrigin = await client().request(login, {
        method: 'POST',
        headers: { origin: client().origin, 'sec-fetch-site': 'same-origin' },
        json: { userId, transport: 'cookie' },
      });
      expect(sameOrigin.status).toBe(200);
    });

    it('answers 503 storage_unavailable when storage is down', async () => {
      const userId = uniqueUserId('login-outage');
      const response = await client().withStorageOutage(() =>
        client().request(login, { method: 'POST', json: { userId, transport: 'cookie' } }),
      );
      expectError(response, 503, 'storage_unavailable');
      expect(response.rawCookies).toEqual([]);
    });
  });
}
