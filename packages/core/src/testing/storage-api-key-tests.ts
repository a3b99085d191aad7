import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import type { LoginPolicy, SessionRecord } from '../storage/session-record.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { sessionRecord, uniqueUserId } from './fixtures.js';
import { createTestClock } from './test-clock.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

const openPolicy: LoginPolicy = {
  singleLogin: false,
  sessionLimit: null,
  revocation: { at: new Date(0), reason: 'session_limit', retain: false },
};

const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : null) });

/**
 * API keys: records of `kind: 'api_key'` with scopes, creator and display hint, stored and
 * returned exactly; outside single-login, session limits and the user-wide revocations; ended by
 * `updateSession`'s `expiresAt` (a roll's overlap). Then the same through `createAuthentify`:
 * create, authenticate in the header only, list apart from devices, revoke, roll with overlap.
 */
export function storageApiKeyTests(getStorage: () => SessionStorage): void {
  const now = Date.UTC(2031, 9, 4, 8, 30, 0, 123);
  const apiKeyRecord = (userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord =>
    sessionRecord(now, {
      userId,
      kind: 'api_key',
      refreshDigest: null,
      refreshExpiresAt: null,
      accessExpiresAt: null,
      expiresAt: null,
      accessTtlMs: null,
      refreshTtlMs: null,
      context: {},
      label: 'CI deploys — “prod” 🚀',
      scopes: ['repo:read', 'deploy:prod', 'a!#$%&\'()*+,-./:;<=>?@[]^_`{|}~'],
      createdBy: 'ops@example.com',
      displayHint: 'x9Zq',
      ...overrides,
    });
  const insert = async (record: SessionRecord, policy: LoginPolicy = openPolicy) => getStorage().createSession(record, policy);

  describe('API keys in storage', () => {
    it('stores kind, scopes, creator and display hint exactly, and returns them by every lookup', async () => {
      const key = apiKeyRecord(uniqueUserId('key-owner'));
      expect(await insert(key)).toEqual({ created: true, revokedSessionIds: [] });
      expect(await getStorage().findSessionById(key.id)).toEqual(key);
      expect(await getStorage().findSessionByAccessDigest(key.accessDigest)).toEqual(key);
      expect(await getStorage().listSessionsOfUser(key.userId, { now: new Date(now), includeEnded: false })).toEqual([key]);
      // A session keeps the defaults: kind 'session', no scopes, no creator, no hint.
      const session = sessionRecord(now, { userId: key.userId, createdAt: new Date(now + 1) });
      await insert(session);
      expect(await getStorage().findSessionById(session.id)).toMatchObject({ kind: 'session', scopes: null, createdBy: null, displayHint: null });
      // Sessions may carry scopes too.
      const scoped = sessionRecord(now, { userId: key.userId, scopes: ['read'] });
      await insert(scoped);
      expect(await getStorage().findSessionById(scoped.id)).toEqual(scoped);
    });

    it('leaves API keys out of single-login and session limits: never counted, never ended', async () => {
      const userId = uniqueUserId('key-policy');
      const key = apiKeyRecord(userId);
      await insert(key);
      const first = sessionRecord(now, { userId, createdAt: new Date(now + 1) });
      const limit: LoginPolicy = { ...openPolicy, sessionLimit: { max: 1, onLimit: 'refuse' } };
      // The key does not count against a limit of one…
      expect(await insert(first, limit)).toEqual({ created: true, revokedSessionIds: [] });
      // …evicting the oldest ends the session, not the older key…
      const evict: LoginPolicy = { ...openPolicy, sessionLimit: { max: 1, onLimit: 'evict_oldest' } };
      const second = sessionRecord(now, { userId, createdAt: new Date(now + 2) });
      expect(await insert(second, evict)).toEqual({ created: true, revokedSessionIds: [first.id] });
      // …and single-login ends every other session but keeps the key.
      const third = sessionRecord(now, { userId, createdAt: new Date(now + 3) });
      expect(await insert(third, { ...openPolicy, singleLogin: true })).toEqual({ created: true, revokedSessionIds: [second.id] });
      expect(await getStorage().findSessionById(key.id)).toEqual(key);
    });

    it('keeps API keys through revokeSessionsOfUser unless includeApiKeys', async () => {
      const userId = uniqueUserId('key-logout');
      const key = apiKeyRecord(userId);
      const session = sessionRecord(now, { userId });
      const other = sessionRecord(now, { userId });
      for (const record of [key, session, other]) await insert(record);
      const revocation = { at: new Date(now + MINUTE), reason: 'logout_other_devices' as const, retain: true };
      expect(await getStorage().revokeSessionsOfUser(userId, revocation, { exceptSessionId: session.id })).toEqual([other.id]);
      expect((await getStorage().findSessionById(key.id))?.revokedAt).toBeNull();
      const everything = { at: new Date(now + 2 * MINUTE), reason: 'logout_everywhere' as const, retain: true };
      expect(await getStorage().revokeSessionsOfUser(userId, everything)).toEqual([session.id]);
      expect((await getStorage().findSessionById(key.id))?.revokedAt).toBeNull();
      expect(await getStorage().revokeSessionsOfUser(userId, everything, { includeApiKeys: true })).toEqual([key.id]);
      expect(await getStorage().findSessionById(key.id)).toMatchObject({ revokedAt: everything.at, revocationReason: 'logout_everywhere' });
    });

    it('ends a key at updateSession({ expiresAt }): all three expiries, nothing else', async () => {
      const key = apiKeyRecord(uniqueUserId('key-roll'));
      await insert(key);
      const end = new Date(now + 60 * MINUTE + 7);
      const expected = { ...key, accessExpiresAt: end, expiresAt: end, absoluteExpiresAt: end };
      expect(await getStorage().updateSession(key.id, { expiresAt: end }, { userId: key.userId })).toEqual(expected);
      expect(await getStorage().findSessionByAccessDigest(key.accessDigest)).toEqual(expected);
      expect(await getStorage().updateSession(key.id, { expiresAt: end }, { userId: 'someone-else' })).toBeNull();
    });
  });

  describe('API keys through createAuthentify', () => {
    const setup = () => {
      const clock = createTestClock(now);
      const auth = createAuthentify({ storage: getStorage(), clock, accessTtl: '15m', refreshTtl: '30d', sessionLimit: { max: 1, onLimit: 'evict_oldest' } });
      return { auth, clock };
    };

    it('creates a key shown once, authenticates it in the header only, and lists it apart from devices', async () => {
      const { auth } = setup();
      const userId = uniqueUserId('key-life');
      const login = await auth.issueSession({ userId, transport: 'header' });
      const { apiKey, key } = await auth.createApiKey(userId, { name: 'CI deploys', scopes: ['deploy'], createdBy: 'ada' });
      expect(apiKey).toMatch(/^afy_ak_[0-9A-Za-z]{50}$/);
      expect(key).toMatchObject({ userId, name: 'CI deploys', scopes: ['deploy'], createdBy: 'ada', displayHint: apiKey.slice(-4), expiresAt: null, status: 'active' });
      expect(JSON.stringify(key)).not.toContain(apiKey);
      const accepted = await auth.authenticate(bearer(apiKey));
      expect(accepted).toMatchObject({ ok: true, session: { id: key.id, kind: 'api_key', scopes: ['deploy'], transport: 'header' } });
      expect(await auth.authenticateToken(apiKey, 'cookie')).toMatchObject({ ok: false, reason: 'wrong_transport' });
      // The key did not count against the limit of one: the login still works.
      expect(await auth.authenticate(bearer(login.accessToken))).toMatchObject({ ok: true });
      expect((await auth.listSessionsOfUser(userId)).map((session) => session.id)).toEqual([login.session.id]);
      expect((await auth.listApiKeys(userId)).map((listed) => listed.id)).toEqual([key.id]);
      // Logout-everywhere leaves the key working.
      expect(await auth.revokeAllSessionsOfUser(userId)).toBe(1);
      expect(await auth.authenticate(bearer(apiKey))).toMatchObject({ ok: true });
    });

    it('expires a key at its expiry and revokes it by id, the owner\'s only', async () => {
      const { auth, clock } = setup();
      const userId = uniqueUserId('key-end');
      const { apiKey, key } = await auth.createApiKey(userId, { name: 'Short', scopes: ['read'], expiresIn: '1h' });
      expect(key.expiresAt).toEqual(new Date(now + 60 * MINUTE));
      clock.advanceMs(60 * MINUTE);
      expect(await auth.authenticate(bearer(apiKey))).toMatchObject({ ok: false, reason: 'expired' });
      const second = await auth.createApiKey(userId, { name: 'Long', scopes: ['read'] });
      expect(await auth.revokeApiKey('someone-else', second.key.id)).toBe(false);
      const session = await auth.issueSession({ userId, transport: 'header' });
      // A session's id is not a key's.
      expect(await auth.revokeApiKey(userId, session.session.id)).toBe(false);
      expect(await auth.revokeApiKey(userId, second.key.id)).toBe(true);
      expect(await auth.authenticate(bearer(second.apiKey))).toMatchObject({ ok: false });
      expect(await auth.revokeApiKey(userId, second.key.id)).toBe(false);
      expect(await auth.authenticate(bearer(session.accessToken))).toMatchObject({ ok: true });
    });

    it('rolls a key: the new one works at once, the old one until the overlap ends', async () => {
      const { auth, clock } = setup();
      const userId = uniqueUserId('key-rolled');
      const old = await auth.createApiKey(userId, { name: 'Deploy', scopes: ['deploy', 'read'], expiresIn: '30d', createdBy: 'ada' });
      clock.advanceMs(DAY);
      const rolled = await auth.rollApiKey(userId, old.key.id, { overlap: '1h' });
      expect(rolled?.key).toMatchObject({ name: 'Deploy', scopes: ['deploy', 'read'], createdBy: 'ada', expiresAt: new Date(now + DAY + 30 * DAY) });
      expect(rolled!.apiKey).not.toBe(old.apiKey);
      expect(await auth.authenticate(bearer(rolled!.apiKey))).toMatchObject({ ok: true });
      expect(await auth.authenticate(bearer(old.apiKey))).toMatchObject({ ok: true });
      clock.advanceMs(60 * MINUTE);
      expect(await auth.authenticate(bearer(old.apiKey))).toMatchObject({ ok: false, reason: 'expired' });
      expect(await auth.authenticate(bearer(rolled!.apiKey))).toMatchObject({ ok: true });
      expect(await auth.rollApiKey(userId, old.key.id, { overlap: '1h' })).toBeNull();
      // overlap 0 ends the old key at once.
      const again = await auth.rollApiKey(userId, rolled!.key.id, { overlap: 0 });
      expect(await auth.authenticate(bearer(rolled!.apiKey))).toMatchObject({ ok: false });
      expect(await auth.authenticate(bearer(again!.apiKey))).toMatchObject({ ok: true });
    });

    it('issues a login restricted to scopes when asked, and refuses bad scopes at issue', async () => {
      const { auth } = setup();
      const userId = uniqueUserId('scoped-login');
      const issued = await auth.issueSession({ userId, transport: 'header', scopes: ['read', 'billing:view'] });
      expect(issued.session).toMatchObject({ kind: 'session', scopes: ['read', 'billing:view'] });
      expect(await auth.authenticate(bearer(issued.accessToken))).toMatchObject({ ok: true, session: { scopes: ['read', 'billing:view'] } });
      const refreshed = await auth.refresh(issued.refreshToken!, 'header');
      expect(refreshed).toMatchObject({ ok: true, session: { scopes: ['read', 'billing:view'] } });
      await expect(auth.issueSession({ userId, transport: 'header', scopes: ['a b'] })).rejects.toMatchObject({ code: 'invalid_argument' });
      expect(await auth.listSessionsOfUser(userId)).toHaveLength(1);
    });

    it('refuses bad names, scopes and durations as invalid_argument, writing nothing', async () => {
      const { auth } = setup();
      const userId = uniqueUserId('key-bad');
      for (const input of [
        { name: '', scopes: ['read'] },
        { name: 'x'.repeat(101), scopes: ['read'] },
        { name: 'ok', scopes: [] },
        { name: 'ok', scopes: ['two words'] },
        { name: 'ok', scopes: ['read', 'read'] },
        { name: 'ok', scopes: ['read'], expiresIn: 'soon' },
        { name: 'ok', scopes: ['read'], expiresIn: 0 },
      ]) {
        await expect(auth.createApiKey(userId, input as never), JSON.stringify(input)).rejects.toMatchObject({ code: 'invalid_argument' });
      }
      expect(await auth.listApiKeys(userId, { includeEnded: true })).toEqual([]);
    });
  });
}
