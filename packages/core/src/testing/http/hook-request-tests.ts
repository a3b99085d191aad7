import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS, CONFORMANCE_PROBE_HEADER, type RecordedHookEvent } from './conformance-fixture.js';
import { expectError } from './expectations.js';
import { bearer, type ConformanceClient } from './test-client.js';

const USER_AGENT = 'ConformanceAgent/1.0 (hooks)';

/**
 * What hooks see of the request, through every adapter: method, path, client IP, user agent and
 * headers, on login, authentication, refresh, revocation and failure; and `afterAuthenticate`
 * gating the refresh route as it gates authentication.
 */
export function hookRequestTests(client: () => ConformanceClient, knowsPeerAddress: boolean): void {
  const expectedIp = knowsPeerAddress ? '127.0.0.1' : null;
  const probeHeaders = (probe: string) => ({ [CONFORMANCE_PROBE_HEADER]: probe, 'user-agent': USER_AGENT });
  const seen = (events: RecordedHookEvent[], probe: string) => events.filter((event) => event.request?.probe === probe);

  describe('hooks see the request', () => {
    it('on login, authentication, refresh and logout: method, path, client IP, user agent and any header', async () => {
      const probe = `lifecycle-${uniqueUserId('probe')}`;
      const login = await client().request(CONFORMANCE_PATHS.login, {
        method: 'POST',
        headers: probeHeaders(probe),
        json: { userId: uniqueUserId('hooks'), transport: 'header' },
      });
      expect(login.status).toBe(200);
      const { accessToken, refreshToken } = login.json;
      expect((await client().request(CONFORMANCE_PATHS.required, { headers: { ...probeHeaders(probe), ...bearer(accessToken) } })).status).toBe(200);
      const refreshed = await client().request('/auth/refresh', { method: 'POST', headers: probeHeaders(probe), json: { refreshToken } });
      expect(refreshed.status).toBe(200);
      const logout = await client().request('/auth/logout', { method: 'POST', headers: { ...probeHeaders(probe), ...bearer(refreshed.json.accessToken) } });
      expect(logout.status).toBe(200);

      const request = (method: string, path: string) => ({ method, path, ip: expectedIp, userAgent: USER_AGENT, probe });
      expect(seen(await client().takeHookEvents(), probe)).toEqual([
        { hook: 'afterLogin', operation: null, request: request('POST', CONFORMANCE_PATHS.login) },
        { hook: 'afterAuthenticate', operation: 'authenticate', request: request('GET', CONFORMANCE_PATHS.required) },
        { hook: 'afterAuthenticate', operation: 'refresh', request: request('POST', '/auth/refresh') },
        { hook: 'afterRefresh', operation: null, request: request('POST', '/auth/refresh') },
        { hook: 'afterAuthenticate', operation: 'authenticate', request: request('POST', '/auth/logout') },
        { hook: 'afterRevoke', operation: null, request: request('POST', '/auth/logout') },
      ]);
    });

    it('on a refused token, through onFailure', async () => {
      const probe = `failure-${uniqueUserId('probe')}`;
      const session = await client().loginHeader(uniqueUserId('hooks'));
      await client().request('/auth/logout', { method: 'POST', headers: bearer(session.accessToken) });
      expectError(await client().request(CONFORMANCE_PATHS.required, { headers: { ...probeHeaders(probe), ...bearer(session.accessToken) } }), 401, 'revoked');
      expect(seen(await client().takeHookEvents(), probe)).toEqual([
        { hook: 'onFailure', operation: 'authenticate', request: { method: 'GET', path: CONFORMANCE_PATHS.required, ip: expectedIp, userAgent: USER_AGENT, probe } },
      ]);
    });
  });

  describe('afterAuthenticate gates refresh', () => {
    it('a session the hook refuses cannot refresh either: 401 refused, and nothing was rotated', async () => {
      const session = await client().loginHeader(uniqueUserId('gated'), { refuse: true });
      expectError(await client().request(CONFORMANCE_PATHS.required, { headers: bearer(session.accessToken) }), 401, 'refused');
      const refresh = () => client().request('/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
      expectError(await refresh(), 401, 'refused');
      // Still the same refresh token: a rotation would have made this a reuse (409 or theft).
      expectError(await refresh(), 401, 'refused');
    });
  });
}
