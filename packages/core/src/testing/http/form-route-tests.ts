import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS } from './conformance-fixture.js';
import { expectAuthenticated, expectCleared, expectError } from './expectations.js';
import { accessCookieHeader, bearer, type ClientResponse, type ConformanceClient, type CookieLogin } from './test-client.js';

const { required } = CONFORMANCE_PATHS;
const FORM = 'application/x-www-form-urlencoded';
const returnTo = (path: string) => `?return_to=${encodeURIComponent(path)}`;

/** `return_to` values that must never become a `Location`: other hosts, schemes, header injection. */
const HOSTILE_RETURN_TO: ReadonlyArray<[string, string]> = [
  ['an absolute URL', 'https://evil.example/'],
  ['a protocol-relative URL', '//evil.example'],
  ['a backslash host', '/\\evil.example'],
  ['a tab before the host', '/\t/evil.example'],
  ['a path that resolves to //host', '/..//evil.example'],
  ['a scheme', 'javascript:alert(1)'],
  ['a relative path', 'devices'],
  ['a leading space', ' /devices'],
  ['CR LF header injection', '/x\r\nset-cookie: afy_access=attacker'],
  ['an empty value', ''],
];

/** The form variants of the logout and revoke routes: 303 to a same-origin `return_to`. */
export function formRouteTests(client: () => ConformanceClient): void {
  describe('form posts to the session routes', () => {
    const browserHeaders = (session: CookieLogin, contentType = FORM) => ({
      ...accessCookieHeader(session.access),
      origin: client().origin,
      'sec-fetch-site': 'same-origin',
      'content-type': contentType,
    });
    const postForm = (path: string, session: CookieLogin, contentType?: string): Promise<ClientResponse> =>
      client().request(path, { method: 'POST', headers: browserHeaders(session, contentType), body: 'submit=1' });
    const expectSeeOther = (response: ClientResponse, location: string) => {
      expect({ status: response.status, location: response.headers.get('location'), text: response.text }).toEqual({ status: 303, location, text: '' });
      expect(response.headers.get('cache-control')).toBe('no-store');
    };

    it('POST /auth/logout as a form answers 303 to return_to, clears the cookies and ends the session', async () => {
      const session = await client().loginCookie(uniqueUserId('form-logout'));
      const response = await postForm(`/auth/logout${returnTo('/login?notice=signed-out')}`, session);
      expectSeeOther(response, '/login?notice=signed-out');
      expectCleared(response, 'afy_access', '/');
      expectCleared(response, 'afy_refresh', '/auth/refresh');
      expectError(await client().request(required, { headers: accessCookieHeader(session.access) }), 401, 'revoked');
    });

    it('POST /auth/logout-all as a form answers 303 and ends every session of the user', async () => {
      const userId = uniqueUserId('form-logout-all');
      const other = await client().loginHeader(userId);
      const session = await client().loginCookie(userId);
      const response = await postForm(`/auth/logout-all${returnTo('/login')}`, session, 'multipart/form-data; boundary=x');
      expectSeeOther(response, '/login');
      expectCleared(response, 'afy_access', '/');
      expectError(await client().request(required, { headers: bearer(other.accessToken) }), 401, 'revoked');
    });

    it('POST /auth/logout-others as a form answers 303, keeps this session and its cookie', async () => {
      const userId = uniqueUserId('form-logout-others');
      const other = await client().loginHeader(userId);
      const session = await client().loginCookie(userId);
      const response = await postForm(`/auth/logout-others${returnTo('/devices#top')}`, session);
      expectSeeOther(response, '/devices#top');
      expect(response.rawCookies).toEqual([]);
      expectAuthenticated(await client().request(required, { headers: accessCookieHeader(session.access) }), session.sessionId);
      expectError(await client().request(required, { headers: bearer(other.accessToken) }), 401, 'revoked');
    });

    it('POST /auth/sessions/:id/revoke as a form revokes one of my sessions and answers 303', async () => {
      const userId = uniqueUserId('form-revoke');
      const lost = await client().loginHeader(userId);
      const session = await client().loginCookie(userId);
      const response = await postForm(`/auth/sessions/${lost.sessionId}/revoke${returnTo('/devices?notice=revoked')}`, session);
      expectSeeOther(response, '/devices?notice=revoked');
      expect(response.rawCookies).toEqual([]);
      expectError(await client().request(required, { headers: bearer(lost.accessToken) }), 401, 'revoked');
      // Revoking the current session by form clears its cookies, like DELETE does.
      const self = await postForm(`/auth/sessions/${session.sessionId}/revoke${returnTo('/login')}`, session);
      expectSeeOther(self, '/login');
      expectCleared(self, 'afy_access', '/');
    });

    it('POST /auth/sessions/:id/revoke answers JSON like DELETE for scripts, and 404 for another user’s session', async () => {
      const userId = uniqueUserId('post-revoke');
      const current = await client().loginHeader(userId);
      const lost = await client().loginHeader(userId);
      const response = await client().request(`/auth/sessions/${lost.sessionId}/revoke`, { method: 'POST', headers: bearer(current.accessToken) });
      expect({ status: response.status, body: response.json }).toEqual({ status: 200, body: { revokedSessions: 1 } });
      const victim = await client().loginCookie(uniqueUserId('post-revoke-victim'));
      const session = await client().loginCookie(userId);
      expectError(await postForm(`/auth/sessions/${victim.sessionId}/revoke${returnTo('/devices')}`, session), 404, 'session_not_found');
      expectAuthenticated(await client().request(required, { headers: accessCookieHeader(victim.access) }), victim.sessionId);
    });

    it('keeps JSON answers for JSON and body-less calls, return_to or not', async () => {
      const session = await client().loginCookie(uniqueUserId('form-json'));
      const json = await client().request(`/auth/logout-others${returnTo('/devices')}`, {
        method: 'POST',
        headers: { ...accessCookieHeader(session.access), origin: client().origin },
        json: {},
      });
      expect({ status: json.status, body: json.json }).toEqual({ status: 200, body: { revokedSessions: 0 } });
      const bare = await client().request(`/auth/logout${returnTo('/login')}`, { method: 'POST', headers: accessCookieHeader(session.access) });
      expect({ status: bare.status, body: bare.json }).toEqual({ status: 200, body: { revokedSessions: 1 } });
    });

    it('answers a form post without return_to with JSON (no defaultReturnTo configured)', async () => {
      const session = await client().loginCookie(uniqueUserId('form-no-return-to'));
      const response = await postForm('/auth/logout', session);
      expect({ status: response.status, body: response.json, location: response.headers.get('location') }).toEqual({
        status: 200,
        body: { revokedSessions: 1 },
        location: null,
      });
      expectCleared(response, 'afy_access', '/');
    });

    it.each(HOSTILE_RETURN_TO)('never redirects to %s: the logout happens and answers JSON', async (_label, hostile) => {
      const session = await client().loginCookie(uniqueUserId('form-hostile'));
      const response = await postForm(`/auth/logout${returnTo(hostile)}`, session);
      expect({ status: response.status, location: response.headers.get('location'), body: response.json }).toEqual({
        status: 200,
        location: null,
        body: { revokedSessions: 1 },
      });
      expect(response.rawCookies.some((cookie) => cookie.includes('attacker'))).toBe(false);
    });

    it('never redirects a refused form post: CSRF 403 and 401 answer JSON, with no Location', async () => {
      const session = await client().loginCookie(uniqueUserId('form-refused'));
      const crossSite = await client().request(`/auth/logout${returnTo('/login')}`, {
        method: 'POST',
        headers: { ...browserHeaders(session), origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        body: 'submit=1',
      });
      expectError(crossSite, 403, 'csrf_rejected');
      expect(crossSite.headers.get('location')).toBeNull();
      expectAuthenticated(await client().request(required, { headers: accessCookieHeader(session.access) }), session.sessionId);
      const anonymous = await client().request(`/auth/logout-others${returnTo('/devices')}`, {
        method: 'POST',
        headers: { origin: client().origin, 'sec-fetch-site': 'same-origin', 'content-type': FORM },
        body: 'submit=1',
      });
      expectError(anonymous, 401, 'missing');
      expect(anonymous.headers.get('location')).toBeNull();
    });
  });
}
