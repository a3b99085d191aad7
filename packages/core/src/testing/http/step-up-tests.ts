import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS, CONFORMANCE_SETTINGS } from './conformance-fixture.js';
import { expectAuthenticated, expectError } from './expectations.js';
import { accessCookieHeader, bearer, type ConformanceClient } from './test-client.js';

const { fresh, required } = CONFORMANCE_PATHS;
const EVIL = 'https://evil.example';

/** Renaming one's own sessions (`PATCH /auth/sessions/:id`) and `required({ freshWithin })`. */
export function stepUpTests(client: () => ConformanceClient): void {
  const labelsOf = async (accessToken: string): Promise<Record<string, string | null>> => {
    const response = await client().request('/auth/sessions', { headers: bearer(accessToken) });
    expect(response.status).toBe(200);
    return Object.fromEntries((response.json.sessions as Array<{ id: string; label: string | null }>).map((s) => [s.id, s.label]));
  };

  describe('PATCH /auth/sessions/:id (rename a device)', () => {
    it('renames one of my sessions, shows the label in the list, and clears it with null', async () => {
      const userId = uniqueUserId('rename');
      const [current, laptop] = [await client().loginHeader(userId), await client().loginHeader(userId)];
      const response = await client().request(`/auth/sessions/${laptop.sessionId}`, {
        method: 'PATCH',
        headers: bearer(current.accessToken),
        json: { label: 'Work laptop 💻' },
      });
      expect(response.status).toBe(200);
      expect(response.json.session).toMatchObject({ id: laptop.sessionId, label: 'Work laptop 💻', current: false, status: 'active' });
      expect(typeof response.json.session.authenticatedAt).toBe('string');
      expect(await labelsOf(current.accessToken)).toEqual({ [current.sessionId]: null, [laptop.sessionId]: 'Work laptop 💻' });
      // The renamed session keeps working.
      expectAuthenticated(await client().request(required, { headers: bearer(laptop.accessToken) }), laptop.sessionId);
      const cleared = await client().request(`/auth/sessions/${current.sessionId}`, {
        method: 'PATCH',
        headers: bearer(current.accessToken),
        json: { label: null },
      });
      expect(cleared.json.session).toMatchObject({ id: current.sessionId, label: null, current: true });
    });

    it('answers 404 session_not_found for another user’s session, and leaves it unchanged', async () => {
      const victim = await client().loginHeader(uniqueUserId('rename-victim'));
      const attacker = await client().loginHeader(uniqueUserId('rename-attacker'));
      for (const id of [victim.sessionId, 'doesNotExist0000000000', 'bad%00id']) {
        const response = await client().request(`/auth/sessions/${id}`, { method: 'PATCH', headers: bearer(attacker.accessToken), json: { label: 'pwned' } });
        expectError(response, 404, 'session_not_found');
      }
      expect(await labelsOf(victim.accessToken)).toEqual({ [victim.sessionId]: null });
    });

    it('refuses a body that is not exactly { label } with 400 invalid_body, and an oversized one with 413', async () => {
      const session = await client().loginHeader(uniqueUserId('rename-body'));
      const path = `/auth/sessions/${session.sessionId}`;
      const bodies: Array<{ json?: unknown; body?: string }> = [
        { body: 'not json' },
        { body: '' },
        { json: ['label'] },
        { json: {} },
        { json: { label: 5 } },
        { json: { label: '' } },
        { json: { label: 'x'.repeat(101) } },
        { json: { label: 'two\nlines' } },
        { json: { label: 'ok', extra: true } },
      ];
      for (const body of bodies) {
        expectError(await client().request(path, { method: 'PATCH', headers: bearer(session.accessToken), ...body }), 400, 'invalid_body');
      }
      const huge = await client().request(path, { method: 'PATCH', headers: bearer(session.accessToken), json: { label: 'x'.repeat(20_000) } });
      expectError(huge, 413, 'body_too_large');
      expect(await labelsOf(session.accessToken)).toEqual({ [session.sessionId]: null });
    });

    it('checks the origin of cookie-authenticated renames: cross-origin 403 and unchanged, same-origin 200', async () => {
      const session = await client().loginCookie(uniqueUserId('rename-cookie'));
      const path = `/auth/sessions/${session.sessionId}`;
      const evil = await client().request(path, {
        method: 'PATCH',
        headers: { ...accessCookieHeader(session.access), origin: EVIL },
        json: { label: 'cross-site' },
      });
      expectError(evil, 403, 'csrf_rejected');
      const same = await client().request(path, {
        method: 'PATCH',
        headers: { ...accessCookieHeader(session.access), origin: client().origin },
        json: { label: 'My browser' },
      });
      expect({ status: same.status, label: same.json?.session?.label, current: same.json?.session?.current }).toEqual({
        status: 200,
        label: 'My browser',
        current: true,
      });
    });
  });

  describe(`required({ freshWithin: '${CONFORMANCE_SETTINGS.freshWithin}' })`, () => {
    it('lets a fresh login through, refuses it with 403 reauthentication_required once stale, and again after re-authentication', async () => {
      const session = await client().loginHeader(uniqueUserId('fresh'));
      expectAuthenticated(await client().request(fresh, { headers: bearer(session.accessToken) }), session.sessionId);
      await client().advanceClock(CONFORMANCE_SETTINGS.freshWithinMs);
      const stale = await client().request(fresh, { headers: bearer(session.accessToken) });
      expectError(stale, 403, 'reauthentication_required');
      // Not a credential problem: no challenge that would send the client to refresh, and the
      // plain `required` route still accepts the session.
      expect(stale.headers.get('www-authenticate')).toBeNull();
      expectAuthenticated(await client().request(required, { headers: bearer(session.accessToken) }), session.sessionId);
      // Refreshing does not make a session fresh: it keeps its authentication time.
      const refreshed = await client().request('/auth/refresh', { method: 'POST', json: { refreshToken: session.refreshToken } });
      expect(refreshed.status).toBe(200);
      expectError(await client().request(fresh, { headers: bearer(refreshed.json.accessToken) }), 403, 'reauthentication_required');
      await client().reauthenticate(session.sessionId);
      expectAuthenticated(await client().request(fresh, { headers: bearer(refreshed.json.accessToken) }), session.sessionId);
    });

    it('refuses a stale cookie session the same way, setting no cookie', async () => {
      const session = await client().loginCookie(uniqueUserId('fresh-cookie'));
      expectAuthenticated(await client().request(fresh, { headers: accessCookieHeader(session.access) }), session.sessionId);
      await client().advanceClock(CONFORMANCE_SETTINGS.freshWithinMs + 1);
      const stale = await client().request(fresh, { headers: accessCookieHeader(session.access) });
      expectError(stale, 403, 'reauthentication_required');
      expect(stale.rawCookies).toEqual([]);
    });

    it('still answers 401 without a credential', async () => {
      expectError(await client().request(fresh), 401, 'missing');
    });
  });
}
