import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS } from './conformance-fixture.js';
import { expectAuthenticated, expectCleared, expectError } from './expectations.js';
import { accessCookieHeader, bearer, type ConformanceClient, cookieValue } from './test-client.js';

const { required } = CONFORMANCE_PATHS;

/** The logouts, the session list, revoking one session, methods and paths. */
export function sessionRouteTests(client: () => ConformanceClient): void {
  describe('logout routes', () => {
    it('POST /auth/logout revokes the current session only', async () => {
      const userId = uniqueUserId('logout');
      const [first, second] = [await client().loginHeader(userId), await client().loginHeader(userId)];
      const response = await client().request('/auth/logout', { method: 'POST', headers: bearer(first.accessToken) });
      expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { revokedSessions: 1 } });
      expect(response.rawCookies).toEqual([]);
      expectError(await client().request(required, { headers: bearer(first.accessToken) }), 401, 'revoked');
      expectAuthenticated(await client().request(required, { headers: bearer(second.accessToken) }), second.sessionId);
    });

    it('POST /auth/logout-all revokes every session of the user and nobody else’s', async () => {
      const userId = uniqueUserId('logout-all');
      const mine = [await client().loginHeader(userId), await client().loginHeader(userId)];
      const cookie = await client().loginCookie(userId);
      const someoneElse = await client().loginHeader(uniqueUserId('bystander'));
      const response = await client().request('/auth/logout-all', { method: 'POST', headers: accessCookieHeader(cookie.access) });
      expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { revokedSessions: 3 } });
      expectCleared(response, 'afy_access', '/');
      for (const session of mine) {
        expectError(await client().request(required, { headers: bearer(session.accessToken) }), 401, 'revoked');
      }
      expectError(await client().request(required, { headers: accessCookieHeader(cookie.access) }), 401, 'revoked');
      expectAuthenticated(await client().request(required, { headers: bearer(someoneElse.accessToken) }), someoneElse.sessionId);
    });

    it('POST /auth/logout-others keeps the current session and revokes the others', async () => {
      const userId = uniqueUserId('logout-others');
      const [current, other1, other2] = [
        await client().loginHeader(userId),
        await client().loginHeader(userId),
        await client().loginHeader(userId),
      ];
      const response = await client().request('/auth/logout-others', { method: 'POST', headers: bearer(current.accessToken) });
      expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { revokedSessions: 2 } });
      expectAuthenticated(await client().request(required, { headers: bearer(current.accessToken) }), current.sessionId);
      for (const other of [other1!, other2!]) {
        expectError(await client().request(required, { headers: bearer(other.accessToken) }), 401, 'revoked');
      }
    });

    it('require authentication: 401 missing with a bare challenge and no Set-Cookie; a dead cookie is cleared', async () => {
      for (const path of ['/auth/logout', '/auth/logout-all', '/auth/logout-others']) {
        const response = await client().request(path, { method: 'POST' });
        expectError(response, 401, 'missing');
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
        expect(response.rawCookies).toEqual([]);
      }
      const stale = await client().request('/auth/logout', { method: 'POST', headers: accessCookieHeader('afy_at_stale') });
      expectError(stale, 401, 'malformed');
      expectCleared(stale, 'afy_access', '/');
      expectCleared(stale, 'afy_refresh', '/auth/refresh');
    });
  });

  describe('session routes', () => {
    it('GET /auth/sessions lists the user’s sessions newest first, marks the current one, never shows a token', async () => {
      const userId = uniqueUserId('list');
      const oldest = await client().loginHeader(userId, { device: 'laptop' });
      await client().advanceClock(1_000);
      const cookie = await client().loginCookie(userId, { device: 'browser' });
      await client().advanceClock(1_000);
      const newest = await client().loginHeader(userId, { device: 'phone' });
      await client().loginHeader(uniqueUserId('bystander'));

      const response = await client().request('/auth/sessions', { headers: accessCookieHeader(cookie.access) });
      expect(response.status).toBe(200);
      expect(response.json.sessions.map((s: { id: string; current: boolean; context: unknown; transport: string }) => [s.id, s.current, s.context, s.transport])).toEqual([
        [newest.sessionId, false, { device: 'phone' }, 'header'],
        [cookie.sessionId, true, { device: 'browser' }, 'cookie'],
        [oldest.sessionId, false, { device: 'laptop' }, 'header'],
      ]);
      expect(Object.keys(response.json.sessions[0]).sort()).toEqual(
        ['absoluteExpiresAt', 'accessExpiresAt', 'authenticatedAt', 'context', 'createdAt', 'current', 'label', 'expiresAt', 'id', 'lastIp', 'lastUsedAt', 'lastUserAgent', 'refreshExpiresAt', 'status', 'transport'].sort(),
      );
      for (const token of [oldest.accessToken, oldest.refreshToken, cookie.access, cookie.refresh, newest.accessToken]) {
        expect(response.text).not.toContain(token);
      }
      expect(response.text).not.toMatch(/digest/i);

      const head = await client().request('/auth/sessions', { method: 'HEAD', headers: accessCookieHeader(cookie.access) });
      expect({ status: head.status, text: head.text }).toEqual({ status: 200, text: '' });
    });

    it('DELETE /auth/sessions/:id revokes one of my sessions', async () => {
      const userId = uniqueUserId('revoke');
      const current = await client().loginHeader(userId);
      const lost = await client().loginHeader(userId);
      const response = await client().request(`/auth/sessions/${lost.sessionId}`, { method: 'DELETE', headers: bearer(current.accessToken) });
      expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { revokedSessions: 1 } });
      expectError(await client().request(required, { headers: bearer(lost.accessToken) }), 401, 'revoked');
      expectAuthenticated(await client().request(required, { headers: bearer(current.accessToken) }), current.sessionId);
      // Already revoked: no longer there to revoke.
      const again = await client().request(`/auth/sessions/${lost.sessionId}`, { method: 'DELETE', headers: bearer(current.accessToken) });
      expectError(again, 404, 'session_not_found');
    });

    it('answers 404 session_not_found for another user’s session and leaves it alive', async () => {
      const attacker = await client().loginHeader(uniqueUserId('attacker'));
      const victim = await client().loginHeader(uniqueUserId('victim'));
      const response = await client().request(`/auth/sessions/${victim.sessionId}`, { method: 'DELETE', headers: bearer(attacker.accessToken) });
      expectError(response, 404, 'session_not_found');
      expectAuthenticated(await client().request(required, { headers: bearer(victim.accessToken) }), victim.sessionId);
    });

    it.each([
      ['an unknown id', 'AAAAAAAAAAAAAAAAAAAAAA'],
      ['a broken percent escape', '%ZZ'],
      ['an encoded NUL', '%00'],
      ['an encoded emoji', encodeURIComponent('🙂')],
      ['a 300-character id', 'x'.repeat(300)],
      ['an encoded slash', 'a%2Fb'],
    ])('answers 404 for %s, never a 500', async (_label, id) => {
      const session = await client().loginHeader(uniqueUserId('revoke-odd'));
      expectError(await client().request(`/auth/sessions/${id}`, { method: 'DELETE', headers: bearer(session.accessToken) }), 404, 'session_not_found');
    });

    it('clears the cookies when the current cookie session revokes itself by id', async () => {
      const session = await client().loginCookie(uniqueUserId('revoke-self'));
      const response = await client().request(`/auth/sessions/${session.sessionId}`, { method: 'DELETE', headers: accessCookieHeader(session.access) });
      expect(response.status).toBe(200);
      expectCleared(response, 'afy_access', '/');
      expect(cookieValue(response, 'afy_refresh')).toBe('');
    });
  });

  describe('methods and paths', () => {
    it.each([
      ['DELETE', '/auth/refresh', 'GET, HEAD, POST, OPTIONS'],
      ['PUT', '/auth/refresh', 'GET, HEAD, POST, OPTIONS'],
      ['GET', '/auth/logout', 'POST, OPTIONS'],
      ['DELETE', '/auth/logout-all', 'POST, OPTIONS'],
      ['PATCH', '/auth/logout-others', 'POST, OPTIONS'],
      ['POST', '/auth/sessions', 'GET, HEAD, OPTIONS'],
      ['DELETE', '/auth/sessions', 'GET, HEAD, OPTIONS'],
      ['GET', '/auth/sessions/abc', 'DELETE, PATCH, OPTIONS'],
      ['POST', '/auth/sessions/abc', 'DELETE, PATCH, OPTIONS'],
      ['GET', '/auth/sessions/abc/revoke', 'POST, OPTIONS'],
      ['DELETE', '/auth/sessions/abc/revoke', 'POST, OPTIONS'],
    ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
      const response = await client().request(path, { method });
      expectError(response, 405, 'method_not_allowed');
      expect(response.headers.get('allow')).toBe(allow);
    });

    it('answers OPTIONS with 204 and Allow', async () => {
      const response = await client().request('/auth/refresh', { method: 'OPTIONS' });
      expect({ status: response.status, allow: response.headers.get('allow'), text: response.text }).toEqual({
        status: 204,
        allow: 'GET, HEAD, POST, OPTIONS',
        text: '',
      });
    });

    it('leaves paths that are not its routes to the application', async () => {
      for (const path of ['/auth/unknown', '/auth/refresh/', '/auth/sessions/', '/auth/sessions/abc/revoke/', '/auth/sessions/abc/cancel', '/auth/Refresh', '/authx/refresh']) {
        const response = await client().request(path, { method: 'POST' });
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
        expect(response.json?.error).not.toBe('method_not_allowed');
      }
    });
  });
}
