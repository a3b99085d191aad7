import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS, CONFORMANCE_TRUSTED_ORIGIN } from './conformance-fixture.js';
import { expectAuthenticated, expectError } from './expectations.js';
import { accessCookieHeader, bearer, type ConformanceClient } from './test-client.js';

const { scoped, required } = CONFORMANCE_PATHS;
const KEYS = '/auth/api-keys';

/**
 * API keys over HTTP: the routes that list, create, revoke and roll one's own keys (for a
 * login only, CSRF-checked for cookies), a key in the `Authorization` header, never in a cookie,
 * outside the device list and logout-everywhere, and `required({ scopes })`: 403
 * `insufficient_scope` with the RFC 6750 §3.1 challenge.
 */
export function apiKeyRouteTests(client: () => ConformanceClient): void {
  const createKey = async (accessToken: string, body: object) => {
    const response = await client().request(KEYS, { method: 'POST', headers: bearer(accessToken), json: body });
    expect(response.status, response.text).toBe(201);
    return response.json as { apiKey: string; key: { id: string; name: string; scopes: string[]; displayHint: string; expiresAt: string | null } };
  };

  describe('API keys', () => {
    it('creates a key shown once, lists it with its hint but never the key, and the key authenticates in the header', async () => {
      const login = await client().loginHeader(uniqueUserId('keys'));
      const created = await createKey(login.accessToken, { name: 'CI deploys', scopes: ['repo:read'], expiresIn: '90d' });
      expect(created.apiKey).toMatch(/^afy_ak_[0-9A-Za-z]{50}$/);
      expect(created.key).toMatchObject({ name: 'CI deploys', scopes: ['repo:read'], displayHint: created.apiKey.slice(-4) });
      expect(typeof created.key.expiresAt).toBe('string');
      const listed = await client().request(KEYS, { headers: bearer(login.accessToken) });
      expect(listed.status).toBe(200);
      expect(listed.json.apiKeys.map((key: { id: string }) => key.id)).toEqual([created.key.id]);
      expect(listed.text).not.toContain(created.apiKey);
      expectAuthenticated(await client().request(required, { headers: bearer(created.apiKey) }), created.key.id);
      // Not a device.
      const devices = await client().request('/auth/sessions', { headers: bearer(login.accessToken) });
      expect(devices.json.sessions.map((session: { id: string }) => session.id)).toEqual([login.sessionId]);
    });

    it('answers required({ scopes }) with 403 insufficient_scope and the RFC 6750 challenge when a key lacks the scope; a login passes', async () => {
      const login = await client().loginHeader(uniqueUserId('scopes'));
      const writer = await createKey(login.accessToken, { name: 'Writer', scopes: ['repo:write'] });
      const reader = await createKey(login.accessToken, { name: 'Reader', scopes: ['repo:read', 'repo:write'] });
      const refused = await client().request(scoped, { headers: bearer(writer.apiKey) });
      expectError(refused, 403, 'insufficient_scope');
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer error="insufficient_scope", error_description="[^"\\]+", scope="repo:read"$/);
      expectAuthenticated(await client().request(scoped, { headers: bearer(reader.apiKey) }), reader.key.id);
      // A login's session has no scopes set: it is not restricted.
      expectAuthenticated(await client().request(scoped, { headers: bearer(login.accessToken) }), login.sessionId);
    });

    it('refuses an API key in the access cookie, and on the routes that manage sessions and keys', async () => {
      const login = await client().loginHeader(uniqueUserId('keys-transport'));
      const { apiKey } = await createKey(login.accessToken, { name: 'Script', scopes: ['repo:read'] });
      expectError(await client().request(required, { headers: accessCookieHeader(apiKey) }), 401, 'wrong_transport');
      for (const [path, method] of [[KEYS, 'GET'], ['/auth/sessions', 'GET'], ['/auth/logout-all', 'POST']] as const) {
        const response = await client().request(path, { method, headers: bearer(apiKey) });
        expectError(response, 403, 'insufficient_scope');
      }
      // The key still works: nothing was logged out.
      expect((await client().request(required, { headers: bearer(apiKey) })).status).toBe(200);
    });

    it('keeps keys working through logout-everywhere, and revokes one by id, the owner’s only', async () => {
      const userId = uniqueUserId('keys-revoke');
      const login = await client().loginHeader(userId);
      const other = await client().loginHeader(userId);
      const { apiKey, key } = await createKey(login.accessToken, { name: 'Backup', scopes: ['repo:read'] });
      const logoutAll = await client().request('/auth/logout-all', { method: 'POST', headers: bearer(other.accessToken) });
      expect(logoutAll.json).toEqual({ revokedSessions: 2 });
      expect((await client().request(required, { headers: bearer(apiKey) })).status).toBe(200);
      const next = await client().loginHeader(userId);
      const stranger = await client().loginHeader(uniqueUserId('keys-stranger'));
      expectError(await client().request(`${KEYS}/${key.id}`, { method: 'DELETE', headers: bearer(stranger.accessToken) }), 404, 'session_not_found');
      expectError(await client().request(`${KEYS}/${next.sessionId}`, { method: 'DELETE', headers: bearer(next.accessToken) }), 404, 'session_not_found');
      const revoked = await client().request(`${KEYS}/${key.id}`, { method: 'DELETE', headers: bearer(next.accessToken) });
      expect({ status: revoked.status, body: revoked.json }).toEqual({ status: 200, body: { revokedApiKeys: 1 } });
      expect((await client().request(required, { headers: bearer(apiKey) })).status).toBe(401);
      // Revoking the key ended no session.
      expect((await client().request(required, { headers: bearer(next.accessToken) })).status).toBe(200);
    });

    it('rolls a key: the new one works at once, the old one until the overlap ends', async () => {
      const login = await client().loginHeader(uniqueUserId('keys-roll'));
      const old = await createKey(login.accessToken, { name: 'Deploy', scopes: ['repo:read'] });
      const rolled = await client().request(`${KEYS}/${old.key.id}/roll`, { method: 'POST', headers: bearer(login.accessToken), json: { overlap: '1h' } });
      expect(rolled.status, rolled.text).toBe(201);
      expect(rolled.json.key).toMatchObject({ name: 'Deploy', scopes: ['repo:read'] });
      expect(rolled.json.apiKey).not.toBe(old.apiKey);
      for (const key of [old.apiKey, rolled.json.apiKey]) expect((await client().request(required, { headers: bearer(key) })).status).toBe(200);
      await client().advanceClock(60 * 60_000);
      expectError(await client().request(required, { headers: bearer(old.apiKey) }), 401, 'expired');
      expect((await client().request(required, { headers: bearer(rolled.json.apiKey) })).status).toBe(200);
    });

    it('refuses bodies that are not a key, and scopes the application does not grant, with 400 invalid_body; a cross-site cookie post with 403', async () => {
      const login = await client().loginHeader(uniqueUserId('keys-body'));
      for (const json of [{}, { name: 'x', scopes: ['admin'] }, { name: '', scopes: ['repo:read'] }, { name: 'x', scopes: [] }, { name: 'x', scopes: ['repo:read'], expiresIn: 'soon' }, { name: 'x', scopes: ['repo:read'], extra: 1 }, ['x']]) {
        expectError(await client().request(KEYS, { method: 'POST', headers: bearer(login.accessToken), json }), 400, 'invalid_body');
      }
      expect((await client().request(KEYS, { headers: bearer(login.accessToken) })).json.apiKeys).toEqual([]);
      const cookie = await client().loginCookie(uniqueUserId('keys-csrf'));
      const crossSite = await client().request(KEYS, {
        method: 'POST',
        headers: { ...accessCookieHeader(cookie.access), origin: 'https://evil.example' },
        json: { name: 'x', scopes: ['repo:read'] },
      });
      expectError(crossSite, 403, 'csrf_rejected');
      const sameSite = await client().request(KEYS, {
        method: 'POST',
        headers: { ...accessCookieHeader(cookie.access), origin: CONFORMANCE_TRUSTED_ORIGIN },
        json: { name: 'From the browser', scopes: ['repo:read'] },
      });
      expect(sameSite.status).toBe(201);
    });
  });
}
