import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS, CONFORMANCE_SETTINGS } from './conformance-fixture.js';
import { expectAuthenticated, expectCleared, expectError } from './expectations.js';
import { sendRaw } from './raw-http.js';
import { accessCookieHeader, bearer, type ConformanceClient, setCookieOf } from './test-client.js';

const { required } = CONFORMANCE_PATHS;
const DAY = 86_400_000;
const CONCURRENT_REFRESHES = 10;

/** `POST /auth/refresh` over both transports, body validation, reuse detection. */
export function refreshRouteTests(client: () => ConformanceClient): void {
  const refresh = (request: Parameters<ConformanceClient['request']>[1] = {}) =>
    client().request('/auth/refresh', { method: 'POST', ...request });
  const refreshCookie = (token: string) => refresh({ headers: { cookie: `afy_refresh=${token}` } });

  describe('POST /auth/refresh', () => {
    it('rotates a header session from { refreshToken } in JSON: new pair, same session id', async () => {
      const session = await client().loginHeader(uniqueUserId('refresh'));
      const response = await refresh({ json: { refreshToken: session.refreshToken } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.rawCookies).toEqual([]);
      expect(response.json).toMatchObject({ tokenType: 'Bearer', session: { id: session.sessionId } });
      expect(response.json.accessToken).not.toBe(session.accessToken);
      expect(response.json.refreshToken).not.toBe(session.refreshToken);

      expectAuthenticated(await client().request(required, { headers: bearer(response.json.accessToken) }), session.sessionId);
      expectError(await client().request(required, { headers: bearer(session.accessToken) }), 401, 'invalid');
    });

    it('rotates a cookie session from the refresh cookie: new cookies, no token in the body', async () => {
      const session = await client().loginCookie(uniqueUserId('refresh'));
      const response = await refreshCookie(session.refresh);
      expect(response.status).toBe(200);
      expect(Object.keys(response.json)).toEqual(['session']);
      expect(response.json.session.id).toBe(session.sessionId);
      const access = setCookieOf(response, 'afy_access');
      const refreshed = setCookieOf(response, 'afy_refresh');
      expect(access).toMatchObject({ httpOnly: true, path: '/', maxAge: CONFORMANCE_SETTINGS.accessTtlSeconds });
      expect(refreshed).toMatchObject({ httpOnly: true, path: '/auth/refresh', maxAge: CONFORMANCE_SETTINGS.refreshCookieMaxAgeSeconds });
      expect(access.value).not.toBe(session.access);
      expect(response.text).not.toContain(access.value);
      expect(response.text).not.toContain(refreshed.value);

      expectAuthenticated(await client().request(required, { headers: accessCookieHeader(access.value!) }), session.sessionId);
      expectError(await client().request(required, { headers: accessCookieHeader(session.access) }), 401, 'invalid');
    });

    it('answers 401 missing when no refresh token is sent', async () => {
      expectError(await refresh(), 401, 'missing');
      expectError(await refresh({ json: {} }), 401, 'missing');
      expect((await refresh()).headers.get('www-authenticate')).toBeNull();
    });

    it.each([
      ['not JSON', 'refreshToken=abc'],
      ['a JSON array', '["afy_rt_x"]'],
      ['a JSON string', '"afy_rt_x"'],
      ['null', 'null'],
      ['a number as refreshToken', '{"refreshToken":5}'],
      ['an object as refreshToken', '{"refreshToken":{"$ne":null}}'],
      ['truncated JSON', '{"refreshToken":"afy_rt_'],
    ])('answers 400 invalid_body for a body that is %s', async (_label, body) => {
      expectError(await refresh({ body, headers: { 'content-type': 'application/json' } }), 400, 'invalid_body');
    });

    it('answers 413 body_too_large for an oversized body, declared or streamed without a length', async () => {
      // Raw requests: the server may stop reading and close early, which fetch reports as a failure.
      const host = new URL(client().baseUrl).host;
      const declared = await sendRaw(client().baseUrl, [
        'POST /auth/refresh HTTP/1.1',
        `Host: ${host}`,
        'Content-Type: application/json',
        'Content-Length: 70000',
      ]);
      expect([declared.status, JSON.parse(declared.body || '{}').error]).toEqual([413, 'body_too_large']);

      const chunk = `{"refreshToken":"${'p'.repeat(6_000)}`;
      const chunks = Array.from({ length: 4 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
      const streamed = await sendRaw(
        client().baseUrl,
        ['POST /auth/refresh HTTP/1.1', `Host: ${host}`, 'Content-Type: application/json', 'Transfer-Encoding: chunked'],
        `${chunks}0\r\n\r\n`,
      );
      expect([streamed.status, JSON.parse(streamed.body || '{}').error]).toEqual([413, 'body_too_large']);
    });

    it('refuses bad refresh tokens with 401 and the reason as code', async () => {
      expectError(await refresh({ json: { refreshToken: 'afy_rt_not-a-token' } }), 401, 'malformed');
      const header = await client().loginHeader(uniqueUserId('refresh-bad'));
      expectError(await refresh({ json: { refreshToken: header.accessToken } }), 401, 'malformed');
      expectError(await refreshCookie(header.refreshToken), 401, 'wrong_transport');
      const cookie = await client().loginCookie(uniqueUserId('refresh-bad'));
      expectError(await refresh({ json: { refreshToken: cookie.refresh } }), 401, 'wrong_transport');
      const inactive = await client().loginHeader(uniqueUserId('inactive-refresh'));
      expectError(await refresh({ json: { refreshToken: inactive.refreshToken } }), 401, 'user_inactive');
    });

    it('refuses a refresh token past its expiry with 401 expired', async () => {
      const session = await client().loginHeader(uniqueUserId('refresh-expired'));
      await client().advanceClock(CONFORMANCE_SETTINGS.refreshTtlSeconds * 1000 + DAY);
      expectError(await refresh({ json: { refreshToken: session.refreshToken } }), 401, 'expired');
    });

    it('detects reuse: a rotated token presented after the grace window is 401 and revokes the session', async () => {
      const session = await client().loginHeader(uniqueUserId('reuse'));
      const rotated = await refresh({ json: { refreshToken: session.refreshToken } });
      expect(rotated.status).toBe(200);
      await client().advanceClock(CONFORMANCE_SETTINGS.refreshReuseGraceMs + 1_000);

      expectError(await refresh({ json: { refreshToken: session.refreshToken } }), 401, 'refresh_token_reused');
      // The thief's copy and the legitimate client's newer tokens are all dead now.
      expectError(await client().request(required, { headers: bearer(rotated.json.accessToken) }), 401, 'revoked');
      expectError(await refresh({ json: { refreshToken: rotated.json.refreshToken } }), 401, 'revoked');
    });

    it('answers a retry inside the grace window with the same pair, so a lost response costs nothing', async () => {
      const session = await client().loginHeader(uniqueUserId('replay'));
      const rotated = await refresh({ json: { refreshToken: session.refreshToken } });
      expect(rotated.status).toBe(200);
      await client().advanceClock(CONFORMANCE_SETTINGS.refreshReuseGraceMs - 1_000);
      const retried = await refresh({ json: { refreshToken: session.refreshToken } });
      expect(retried.status).toBe(200);
      expect(retried.json).toEqual(rotated.json);
      expectAuthenticated(await client().request(required, { headers: bearer(rotated.json.accessToken) }), session.sessionId);
    });

    it('answers 409 refresh_token_superseded, keeping the session, once the replayed pair was itself rotated', async () => {
      const session = await client().loginHeader(uniqueUserId('superseded'));
      const rotated = await refresh({ json: { refreshToken: session.refreshToken } });
      const next = await refresh({ json: { refreshToken: rotated.json.refreshToken } });
      expect(next.status).toBe(200);
      expectError(await refresh({ json: { refreshToken: session.refreshToken } }), 409, 'refresh_token_superseded');
      expectAuthenticated(await client().request(required, { headers: bearer(next.json.accessToken) }), session.sessionId);
    });

    it('replays a cookie refresh as the same cookies; clears them on a 401, but not on a 409 race', async () => {
      const session = await client().loginCookie(uniqueUserId('reuse-cookie'));
      const rotated = await refreshCookie(session.refresh);
      expect(rotated.status).toBe(200);
      const replayed = await refreshCookie(session.refresh);
      expect(replayed.status).toBe(200);
      expect(setCookieOf(replayed, 'afy_access').value).toBe(setCookieOf(rotated, 'afy_access').value);
      expect(setCookieOf(replayed, 'afy_refresh').value).toBe(setCookieOf(rotated, 'afy_refresh').value);

      expect((await refreshCookie(setCookieOf(rotated, 'afy_refresh').value ?? '')).status).toBe(200);
      const race = await refreshCookie(session.refresh);
      expectError(race, 409, 'refresh_token_superseded');
      expect(race.rawCookies).toEqual([]);

      await client().advanceClock(CONFORMANCE_SETTINGS.refreshReuseGraceMs + 1_000);
      const reused = await refreshCookie(session.refresh);
      expectError(reused, 401, 'refresh_token_reused');
      expectCleared(reused, 'afy_access', '/');
      expectCleared(reused, 'afy_refresh', '/auth/refresh');
    });

    it(`gives every one of ${CONCURRENT_REFRESHES} concurrent refreshes with one token the same new pair`, async () => {
      const session = await client().loginHeader(uniqueUserId('refresh-race'));
      const answers = await Promise.all(
        Array.from({ length: CONCURRENT_REFRESHES }, () => refresh({ json: { refreshToken: session.refreshToken } })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      expect(new Set(answers.map((answer) => `${answer.json.accessToken} ${answer.json.refreshToken}`)).size).toBe(1);
      expectAuthenticated(await client().request(required, { headers: bearer(answers[0]!.json.accessToken) }), session.sessionId);
    });
  });
}
