import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS, CONFORMANCE_SETTINGS } from './conformance-fixture.js';
import { expectAnonymous, expectAuthenticated, expectError, expectInvalidTokenChallenge } from './expectations.js';
import { accessCookieHeader, bearer, type ConformanceClient } from './test-client.js';

const { optional, required } = CONFORMANCE_PATHS;
const EXPIRY_MS = CONFORMANCE_SETTINGS.accessTtlSeconds * 1000 + 60_000;

type Reason = 'malformed' | 'invalid' | 'expired' | 'revoked' | 'wrong_transport' | 'user_inactive' | 'refused';

/** Builds, for each refusal reason, a token of the given transport that is refused for it. */
function refusedToken(client: ConformanceClient, reason: Reason, transport: 'header' | 'cookie'): Promise<string> {
  const login = async (userId: string, context?: object): Promise<{ token: string; refresh: string }> => {
    if (transport === 'header') {
      const session = await client.loginHeader(userId, context);
      return { token: session.accessToken, refresh: session.refreshToken };
    }
    const session = await client.loginCookie(userId, context);
    return { token: session.access, refresh: session.refresh };
  };
  const credential = (token: string) => (transport === 'header' ? bearer(token) : accessCookieHeader(token));
  const steps: Record<Reason, () => Promise<string>> = {
    malformed: async () => 'afy_at_this-is-not-a-token',
    invalid: async () => {
      const session = await login(uniqueUserId('invalid'));
      const rotated =
        transport === 'header'
          ? await client.request('/auth/refresh', { method: 'POST', json: { refreshToken: session.refresh } })
          : await client.request('/auth/refresh', { method: 'POST', headers: { cookie: `afy_refresh=${session.refresh}` } });
      expect(rotated.status).toBe(200);
      return session.token; // rotated away: well-formed, but no session has it any more
    },
    expired: async () => {
      const session = await login(uniqueUserId('expired'));
      await client.advanceClock(EXPIRY_MS);
      return session.token;
    },
    revoked: async () => {
      const session = await login(uniqueUserId('revoked'));
      expect((await client.request('/auth/logout', { method: 'POST', headers: credential(session.token) })).status).toBe(200);
      return session.token;
    },
    wrong_transport: async () => {
      // A token of the other transport's session, presented through this one.
      if (transport === 'header') return (await client.loginCookie(uniqueUserId('transport'))).access;
      return (await client.loginHeader(uniqueUserId('transport'))).accessToken;
    },
    user_inactive: async () => (await login(uniqueUserId('inactive-user'))).token,
    refused: async () => (await login(uniqueUserId('refused'), { refuse: true })).token,
  };
  return steps[reason]();
}

const REASONS: Reason[] = ['malformed', 'invalid', 'expired', 'revoked', 'wrong_transport', 'user_inactive', 'refused'];

/** Authentication outcomes over HTTP: every refusal reason, both modes, both transports. */
export function failureTests(client: () => ConformanceClient): void {
  describe('authentication failures', () => {
    it('lets a request without credentials through optional authentication as anonymous', async () => {
      expectAnonymous(await client().request(optional));
      expectAnonymous(await client().request(optional, { method: 'POST' }));
    });

    it('refuses a request without credentials on a required route: 401 missing, bare Bearer challenge', async () => {
      const response = await client().request(required);
      expectError(response, 401, 'missing');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });

    it.each(REASONS)('refuses a header token that is %s with 401 and an invalid_token challenge, in both modes', async (reason) => {
      const token = await refusedToken(client(), reason, 'header');
      for (const path of [required, optional]) {
        const response = await client().request(path, { headers: bearer(token) });
        expectError(response, 401, reason);
        expectInvalidTokenChallenge(response);
      }
    });

    it.each(REASONS)('refuses a cookie that is %s: 401 without a challenge when required, anonymous when optional', async (reason) => {
      const token = await refusedToken(client(), reason, 'cookie');
      const response = await client().request(required, { headers: accessCookieHeader(token) });
      expectError(response, 401, reason);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(response.rawCookies).toEqual([]);
      expectAnonymous(await client().request(optional, { headers: accessCookieHeader(token) }));
    });

    it.each([
      ['a scheme without a token', 'Bearer'],
      ['two words after the scheme', 'Bearer afy_at_a afy_at_b'],
      ['two joined credentials', 'Bearer afy_at_a, Bearer afy_at_b'],
      ['a trailing comma', 'Token afy_at_a,'],
    ])('answers 400 invalid_request for %s, in both modes', async (_label, authorization) => {
      for (const path of [required, optional]) {
        const response = await client().request(path, { headers: { authorization } });
        expectError(response, 400, 'invalid_request');
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_request", error_description="[^"\\]+"$/);
      }
    });

    it('accepts every configured scheme, case-insensitively', async () => {
      const session = await client().loginHeader(uniqueUserId('scheme'));
      for (const scheme of ['Bearer', 'bearer', 'BEARER', 'Token', 'token']) {
        expectAuthenticated(await client().request(required, { headers: { authorization: `${scheme} ${session.accessToken}` } }), session.sessionId);
      }
    });

    it('leaves a foreign Authorization scheme untouched for other middleware', async () => {
      const authorization = 'Basic dXNlcjpwYXNzd29yZA==';
      const anonymous = await client().request(optional, { headers: { authorization } });
      expect({ status: anonymous.status, body: anonymous.json }).toEqual({ status: 200, body: { auth: null, authorization } });
      const refused = await client().request(required, { headers: { authorization } });
      expectError(refused, 401, 'missing');

      const cookie = await client().loginCookie(uniqueUserId('foreign'));
      const both = await client().request(required, { headers: { authorization, ...accessCookieHeader(cookie.access) } });
      expectAuthenticated(both, cookie.sessionId);
      expect(both.json.authorization).toBe(authorization);
    });

    it('answers 503 storage_unavailable when storage fails — never anonymous, never allowed, optional mode too', async () => {
      const header = await client().loginHeader(uniqueUserId('outage'));
      const cookie = await client().loginCookie(uniqueUserId('outage'));
      const responses = await client().withStorageOutage(async () => ({
        optionalHeader: await client().request(optional, { headers: bearer(header.accessToken) }),
        optionalCookie: await client().request(optional, { headers: accessCookieHeader(cookie.access) }),
        requiredHeader: await client().request(required, { headers: bearer(header.accessToken) }),
        refresh: await client().request('/auth/refresh', { method: 'POST', json: { refreshToken: header.refreshToken } }),
        refreshCookie: await client().request('/auth/refresh', { method: 'POST', headers: { cookie: `afy_refresh=${cookie.refresh}` } }),
        logout: await client().request('/auth/logout', { method: 'POST', headers: bearer(header.accessToken) }),
        sessions: await client().request('/auth/sessions', { headers: bearer(header.accessToken) }),
        revoke: await client().request(`/auth/sessions/${cookie.sessionId}`, { method: 'DELETE', headers: bearer(header.accessToken) }),
        // No credential: nothing to look up, so the request goes on anonymous as usual.
        anonymous: await client().request(optional),
      }));
      const { anonymous, ...failed } = responses;
      for (const [name, response] of Object.entries(failed)) {
        expect({ name, status: response.status, error: response.json?.error }).toEqual({ name, status: 503, error: 'storage_unavailable' });
        expect(response.rawCookies, name).toEqual([]);
      }
      expectAnonymous(anonymous);
      // Nothing was revoked or rotated during the outage.
      expectAuthenticated(await client().request(required, { headers: bearer(header.accessToken) }), header.sessionId);
      expectAuthenticated(await client().request(required, { headers: accessCookieHeader(cookie.access) }), cookie.sessionId);
    });

    it('passes application errors (a throwing resolveUser) to the framework’s error handling, never granting access', async () => {
      const session = await client().loginHeader(uniqueUserId('throws-user'));
      for (const path of [required, optional]) {
        const response = await client().request(path, { headers: bearer(session.accessToken) });
        expect(response.status).toBe(500);
        expect(response.json?.auth).toBeUndefined();
      }
    });
  });
}
