import { describe, expect, it } from 'vitest';
import type { LoginPolicy, Revocation, SessionRecord } from '../storage/session-record.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { expiredSessionRecord, randomDigest, sessionRecord, uniqueUserId } from './fixtures.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

const openPolicy: LoginPolicy = {
  singleLogin: false,
  sessionLimit: null,
  revocation: { at: new Date(0), reason: 'session_limit', retain: false },
};

/** Each method of the contract, one scenario group per method, as its JSDoc promises. */
export function storageContractTests(getStorage: () => SessionStorage): void {
  const now = Date.UTC(2031, 0, 15, 12, 0, 0, 123);
  const retain = (reason: Revocation['reason'] = 'revoked'): Revocation => ({ at: new Date(now + 1), reason, retain: true });
  const remove = (reason: Revocation['reason'] = 'revoked'): Revocation => ({ at: new Date(now + 1), reason, retain: false });
  const insert = async (record: SessionRecord): Promise<SessionRecord> => {
    const outcome = await getStorage().createSession(record, openPolicy);
    expect(outcome).toEqual({ created: true, revokedSessionIds: [] });
    return record;
  };

  describe('createSession and findSessionByAccessDigest', () => {
    it('returns every field exactly as stored: times to the millisecond, context as the same JSON', async () => {
      const record = await insert(
        sessionRecord(now, {
          transport: 'cookie',
          context: {
            device: 'Pixel 9 — “Ünïcødé” 🚀',
            ip: '2001:db8::1',
            build: 1234,
            ratio: 0.125,
            flags: [true, false, null],
            nested: { deeper: { list: [{ a: 1 }, 'x'] }, empty: {} },
          },
          absoluteExpiresAt: new Date(now + 90 * DAY + 7),
          createdAt: new Date(now - 999),
          lastUsedAt: new Date(now - 1),
        }),
      );
      expect(await getStorage().findSessionByAccessDigest(record.accessDigest)).toEqual(record);
    });

    it('keeps null expiries, a missing refresh token and null TTLs as null', async () => {
      const record = await insert(
        sessionRecord(now, {
          refreshDigest: null,
          refreshExpiresAt: null,
          accessExpiresAt: null,
          expiresAt: null,
          accessTtlMs: null,
          refreshTtlMs: null,
          context: {},
        }),
      );
      expect(await getStorage().findSessionByAccessDigest(record.accessDigest)).toEqual(record);
    });

    it('stores SHA-512 length digests', async () => {
      const record = await insert(sessionRecord(now, { accessDigest: randomDigest(128), refreshDigest: randomDigest(128) }));
      expect(await getStorage().findSessionByAccessDigest(record.accessDigest)).toEqual(record);
    });

    it('returns null for a digest no session has', async () => {
      expect(await getStorage().findSessionByAccessDigest(randomDigest())).toBeNull();
    });

    it('returns expired and revoked-and-retained sessions too, for core to judge', async () => {
      const expired = await insert(expiredSessionRecord(now, DAY));
      expect(await getStorage().findSessionByAccessDigest(expired.accessDigest)).toEqual(expired);
      const live = await insert(sessionRecord(now));
      await getStorage().revokeSession(live.id, retain());
      const found = await getStorage().findSessionByAccessDigest(live.accessDigest);
      expect(found?.revokedAt).toEqual(new Date(now + 1));
    });

    it('does not let a caller change a stored session by mutating what it got back', async () => {
      const record = await insert(sessionRecord(now));
      const found = await getStorage().findSessionByAccessDigest(record.accessDigest);
      (found!.context as Record<string, unknown>).device = 'tampered';
      expect((await getStorage().findSessionByAccessDigest(record.accessDigest))?.context.device).toBe('test device');
    });
  });

  describe('findSessionById', () => {
    it('finds a session by id in any state, null for an unknown id', async () => {
      const record = await insert(sessionRecord(now));
      expect(await getStorage().findSessionById(record.id)).toEqual(record);
      expect(await getStorage().findSessionById('unknown-session-id')).toBeNull();
    });
  });

  describe('findSessionByRefreshDigest', () => {
    it('finds the session by its current refresh digest', async () => {
      const record = await insert(sessionRecord(now));
      expect(await getStorage().findSessionByRefreshDigest(record.refreshDigest!)).toEqual({ state: 'current', session: record });
    });

    it('returns null for an unknown digest, and never matches a session without refresh token', async () => {
      await insert(sessionRecord(now, { refreshDigest: null, refreshExpiresAt: null, refreshTtlMs: null }));
      expect(await getStorage().findSessionByRefreshDigest(randomDigest())).toBeNull();
    });
  });

  describe('rotateTokens', () => {
    const rotation = (at: number) => ({
      accessDigest: randomDigest(),
      refreshDigest: randomDigest(),
      accessExpiresAt: new Date(at + 15 * MINUTE),
      refreshExpiresAt: new Date(at + 30 * DAY),
      expiresAt: new Date(at + 30 * DAY),
      lastUsedAt: new Date(at),
      lastIp: '2001:db8::1',
      lastUserAgent: 'RotatingClient/2.0',
      rotatedAt: new Date(at),
      replay: null,
    });

    it('swaps both digests and the times, keeps id, user, context and creation time', async () => {
      const record = await insert(sessionRecord(now));
      const next = rotation(now + MINUTE);
      const updated = await getStorage().rotateTokens(record.id, record.refreshDigest!, next);
      const expected: SessionRecord = {
        ...record,
        accessDigest: next.accessDigest,
        refreshDigest: next.refreshDigest,
        accessExpiresAt: next.accessExpiresAt,
        refreshExpiresAt: next.refreshExpiresAt,
        expiresAt: next.expiresAt,
        lastUsedAt: next.lastUsedAt,
        lastIp: next.lastIp,
        lastUserAgent: next.lastUserAgent,
      };
      expect(updated).toEqual(expected);
      expect(await getStorage().findSessionByAccessDigest(next.accessDigest)).toEqual(expected);
      expect(await getStorage().findSessionByAccessDigest(record.accessDigest)).toBeNull();
      expect(await getStorage().findSessionByRefreshDigest(next.refreshDigest)).toEqual({ state: 'current', session: expected });
    });

    it('remembers every rotated refresh digest with when it was rotated and when it would have expired', async () => {
      const record = await insert(sessionRecord(now));
      const first = rotation(now + MINUTE);
      await getStorage().rotateTokens(record.id, record.refreshDigest!, first);
      const second = rotation(now + 2 * MINUTE);
      const latest = await getStorage().rotateTokens(record.id, first.refreshDigest, second);
      expect(await getStorage().findSessionByRefreshDigest(record.refreshDigest!)).toEqual({
        state: 'rotated',
        session: latest,
        rotatedAt: first.rotatedAt,
        tokenExpiresAt: record.refreshExpiresAt,
      });
      expect(await getStorage().findSessionByRefreshDigest(first.refreshDigest)).toEqual({
        state: 'rotated',
        session: latest,
        rotatedAt: second.rotatedAt,
        tokenExpiresAt: first.refreshExpiresAt,
      });
    });

    it('returns null and changes nothing when the expected digest is not the current one', async () => {
      const record = await insert(sessionRecord(now));
      expect(await getStorage().rotateTokens(record.id, randomDigest(), rotation(now))).toBeNull();
      expect(await getStorage().findSessionById(record.id)).toEqual(record);
    });

    it('returns null for a revoked session and for an unknown id', async () => {
      const record = await insert(sessionRecord(now));
      await getStorage().revokeSession(record.id, retain());
      expect(await getStorage().rotateTokens(record.id, record.refreshDigest!, rotation(now))).toBeNull();
      expect(await getStorage().rotateTokens('unknown-session-id', randomDigest(), rotation(now))).toBeNull();
    });
  });

  describe('recordActivity', () => {
    const activity = (at: number, client: { lastIp: string | null; lastUserAgent: string | null } = { lastIp: '198.51.100.20', lastUserAgent: 'Elsewhere/1.0' }) => ({
      lastUsedAt: new Date(at),
      ...client,
      accessExpiresAt: new Date(at + 15 * MINUTE),
      refreshExpiresAt: new Date(at + 30 * DAY),
      expiresAt: new Date(at + 30 * DAY),
    });

    it('writes last-used time, the client it came from and expiries', async () => {
      const record = await insert(sessionRecord(now));
      const next = activity(now + 5 * MINUTE);
      expect(await getStorage().recordActivity(record.id, record.accessDigest, next)).toBe(true);
      expect(await getStorage().findSessionById(record.id)).toEqual({ ...record, ...next });
    });

    it('keeps the longest client values byte for byte, and null for an unknown client', async () => {
      const record = await insert(sessionRecord(now, { lastIp: null, lastUserAgent: null }));
      expect(await getStorage().findSessionById(record.id)).toEqual(record);
      // 45 characters (the longest textual IPv6), 512 characters with multi-byte ones.
      const longest = { lastIp: 'ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255', lastUserAgent: `Ünïcødé 🚀 ${'x'.repeat(512)}`.slice(0, 512) };
      const next = activity(now + MINUTE, longest);
      expect(await getStorage().recordActivity(record.id, record.accessDigest, next)).toBe(true);
      expect(await getStorage().findSessionById(record.id)).toMatchObject(longest);
      const unknown = activity(now + 2 * MINUTE, { lastIp: null, lastUserAgent: null });
      expect(await getStorage().recordActivity(record.id, record.accessDigest, unknown)).toBe(true);
      expect(await getStorage().findSessionById(record.id)).toEqual({ ...record, ...unknown });
    });

    it('writes nothing when the access digest moved on, the session is revoked or gone, or time would go back', async () => {
      const record = await insert(sessionRecord(now));
      expect(await getStorage().recordActivity(record.id, randomDigest(), activity(now + MINUTE))).toBe(false);
      expect(await getStorage().recordActivity(record.id, record.accessDigest, activity(now - MINUTE))).toBe(false);
      expect(await getStorage().findSessionById(record.id)).toEqual(record);

      await getStorage().revokeSession(record.id, retain());
      expect(await getStorage().recordActivity(record.id, record.accessDigest, activity(now + MINUTE))).toBe(false);
      expect((await getStorage().findSessionById(record.id))?.lastUsedAt).toEqual(record.lastUsedAt);
      expect(await getStorage().recordActivity('unknown-session-id', randomDigest(), activity(now))).toBe(false);
    });
  });

  describe('revokeSession', () => {
    it('with retain, marks the session and returns it as it was; a second revocation changes nothing', async () => {
      const record = await insert(sessionRecord(now));
      expect(await getStorage().revokeSession(record.id, retain('logout'))).toEqual(record);
      const revoked = await getStorage().findSessionById(record.id);
      expect(revoked).toEqual({ ...record, revokedAt: new Date(now + 1), revocationReason: 'logout' });
      const later: Revocation = { at: new Date(now + DAY), reason: 'revoked', retain: true };
      expect(await getStorage().revokeSession(record.id, later)).toBeNull();
      expect(await getStorage().findSessionById(record.id)).toEqual(revoked);
    });

    it('without retain, deletes the session and its rotated refresh digests', async () => {
      const record = await insert(sessionRecord(now));
      const rotatedTo = randomDigest();
      await getStorage().rotateTokens(record.id, record.refreshDigest!, {
        accessDigest: randomDigest(),
        refreshDigest: rotatedTo,
        accessExpiresAt: new Date(now + MINUTE),
        refreshExpiresAt: new Date(now + DAY),
        expiresAt: new Date(now + DAY),
        lastUsedAt: new Date(now),
        lastIp: '192.0.2.10',
        lastUserAgent: 'Rotator/1.0',
        rotatedAt: new Date(now),
        replay: null,
      });
      expect(await getStorage().revokeSession(record.id, remove())).not.toBeNull();
      expect(await getStorage().findSessionById(record.id)).toBeNull();
      expect(await getStorage().findSessionByRefreshDigest(record.refreshDigest!)).toBeNull();
      expect(await getStorage().findSessionByRefreshDigest(rotatedTo)).toBeNull();
    });

    it('with userId, revokes only that user’s session', async () => {
      const record = await insert(sessionRecord(now));
      expect(await getStorage().revokeSession(record.id, retain(), { userId: uniqueUserId('intruder') })).toBeNull();
      expect(await getStorage().findSessionById(record.id)).toEqual(record);
      expect(await getStorage().revokeSession(record.id, retain(), { userId: record.userId })).toEqual(record);
    });

    it('returns null for an unknown id', async () => {
      expect(await getStorage().revokeSession('unknown-session-id', retain())).toBeNull();
    });
  });

  describe('revokeSessionsOfUser', () => {
    it('revokes every live session of the user, except the one named, and no one else’s', async () => {
      const userId = uniqueUserId();
      const [a, b, c] = [
        await insert(sessionRecord(now, { userId })),
        await insert(sessionRecord(now, { userId })),
        await insert(sessionRecord(now, { userId })),
      ];
      const bystander = await insert(sessionRecord(now));
      const revoked = await getStorage().revokeSessionsOfUser(userId, retain('logout_other_devices'), { exceptSessionId: b!.id });
      expect(revoked.sort()).toEqual([a!.id, c!.id].sort());
      expect((await getStorage().findSessionById(b!.id))?.revokedAt).toBeNull();
      expect((await getStorage().findSessionById(bystander.id))?.revokedAt).toBeNull();
      expect((await getStorage().findSessionById(a!.id))?.revocationReason).toBe('logout_other_devices');
      expect(await getStorage().revokeSessionsOfUser(userId, retain(), { exceptSessionId: b!.id })).toEqual([]);
    });

    it('without retain deletes them, and returns an empty list for a user without sessions', async () => {
      const userId = uniqueUserId();
      const record = await insert(sessionRecord(now, { userId }));
      expect(await getStorage().revokeSessionsOfUser(userId, remove('logout_everywhere'))).toEqual([record.id]);
      expect(await getStorage().findSessionById(record.id)).toBeNull();
      expect(await getStorage().revokeSessionsOfUser(uniqueUserId(), remove())).toEqual([]);
    });
  });

  describe('listSessionsOfUser', () => {
    it('lists live sessions newest first; ended ones only on request; never another user’s', async () => {
      const userId = uniqueUserId();
      const oldest = await insert(sessionRecord(now - 3 * MINUTE, { userId }));
      const middle = await insert(sessionRecord(now - 2 * MINUTE, { userId }));
      const newest = await insert(sessionRecord(now - MINUTE, { userId }));
      const expired = await insert(expiredSessionRecord(now, MINUTE, { userId }));
      await getStorage().revokeSession(middle.id, retain());
      await insert(sessionRecord(now));

      const live = await getStorage().listSessionsOfUser(userId, { now: new Date(now), includeEnded: false });
      expect(live.map((s) => s.id)).toEqual([newest.id, oldest.id]);
      const all = await getStorage().listSessionsOfUser(userId, { now: new Date(now), includeEnded: true });
      expect(all.map((s) => s.id)).toEqual([newest.id, middle.id, oldest.id, expired.id]);
      expect(await getStorage().listSessionsOfUser(uniqueUserId(), { now: new Date(now), includeEnded: true })).toEqual([]);
    });
  });

  describe('createSession policies', () => {
    const policy = (overrides: Partial<LoginPolicy>): LoginPolicy => ({
      singleLogin: false,
      sessionLimit: null,
      revocation: { at: new Date(now), reason: 'session_limit', retain: true },
      ...overrides,
    });

    it('single-login revokes the user’s other live sessions and reports them oldest first', async () => {
      const userId = uniqueUserId();
      const first = await insert(sessionRecord(now - 2 * MINUTE, { userId }));
      const second = await insert(sessionRecord(now - MINUTE, { userId }));
      const other = await insert(sessionRecord(now));
      const outcome = await getStorage().createSession(
        sessionRecord(now, { userId }),
        policy({ singleLogin: true, revocation: { at: new Date(now), reason: 'single_login', retain: true } }),
      );
      expect(outcome).toEqual({ created: true, revokedSessionIds: [first.id, second.id] });
      expect((await getStorage().findSessionById(first.id))?.revocationReason).toBe('single_login');
      expect((await getStorage().findSessionById(other.id))?.revokedAt).toBeNull();
    });

    it('a limit with refuse writes nothing once the user has max live sessions; ended ones do not count', async () => {
      const userId = uniqueUserId();
      const limit = policy({ sessionLimit: { max: 2, onLimit: 'refuse' } });
      await insert(expiredSessionRecord(now, MINUTE, { userId }));
      expect((await getStorage().createSession(sessionRecord(now, { userId }), limit)).created).toBe(true);
      expect((await getStorage().createSession(sessionRecord(now, { userId }), limit)).created).toBe(true);
      const refused = sessionRecord(now, { userId });
      expect(await getStorage().createSession(refused, limit)).toEqual({ created: false, reason: 'session_limit_reached' });
      expect(await getStorage().findSessionById(refused.id)).toBeNull();
    });

    it('a limit with evict_oldest revokes the oldest live sessions to make room', async () => {
      const userId = uniqueUserId();
      const limit = policy({ sessionLimit: { max: 2, onLimit: 'evict_oldest' } });
      const oldest = await insert(sessionRecord(now - 3 * MINUTE, { userId }));
      const older = await insert(sessionRecord(now - 2 * MINUTE, { userId }));
      const newer = await insert(sessionRecord(now - MINUTE, { userId }));
      const outcome = await getStorage().createSession(sessionRecord(now, { userId }), limit);
      expect(outcome).toEqual({ created: true, revokedSessionIds: [oldest.id, older.id] });
      const live = await getStorage().listSessionsOfUser(userId, { now: new Date(now), includeEnded: false });
      expect(live).toHaveLength(2);
      expect(live.map((s) => s.id)).toContain(newer.id);
    });
  });

  describe('deleteEndedSessions', () => {
    it('deletes sessions expired or revoked at or before the cutoff, in batches of at most limit', async () => {
      const userId = uniqueUserId();
      const ended = [
        await insert(expiredSessionRecord(now, DAY, { userId })),
        await insert(expiredSessionRecord(now, 0, { userId })),
        await insert(expiredSessionRecord(now, 2 * DAY, { userId })),
      ];
      const revoked = await insert(sessionRecord(now, { userId }));
      await getStorage().revokeSession(revoked.id, { at: new Date(now - MINUTE), reason: 'logout', retain: true });
      const live = await insert(sessionRecord(now, { userId }));
      const endsLater = await insert(expiredSessionRecord(now, -MINUTE, { userId }));

      // A batch may stop short of the limit while rows remain (a synchronous driver bounds it by
      // time); only an empty batch means nothing is left.
      const batches: number[] = [];
      for (let batch = 0; batch < 10; batch++) {
        const count = await getStorage().deleteEndedSessions({ endedBefore: new Date(now), limit: 3, userId });
        batches.push(count);
        if (count === 0) break;
      }
      expect(batches.at(-1)).toBe(0);
      expect(batches.every((count) => count <= 3)).toBe(true);
      expect(batches.reduce((sum, count) => sum + count, 0)).toBe(4);
      for (const record of [...ended, revoked]) expect(await getStorage().findSessionById(record.id)).toBeNull();
      expect(await getStorage().findSessionById(live.id)).toEqual(live);
      expect(await getStorage().findSessionById(endsLater.id)).toEqual(endsLater);
    });

    it('keeps sessions that ended after the cutoff (audit retention) and other users’ sessions when scoped', async () => {
      const userId = uniqueUserId();
      const recent = await insert(expiredSessionRecord(now, MINUTE, { userId }));
      const someoneElse = await insert(expiredSessionRecord(now, DAY));
      expect(await getStorage().deleteEndedSessions({ endedBefore: new Date(now - 2 * MINUTE), limit: 10, userId })).toBe(0);
      expect(await getStorage().findSessionById(recent.id)).toEqual(recent);
      expect(await getStorage().deleteEndedSessions({ endedBefore: new Date(now), limit: 10, userId })).toBe(1);
      expect(await getStorage().findSessionById(someoneElse.id)).toEqual(someoneElse);
    });

    it('without userId deletes every user’s ended sessions and their rotated refresh digests', async () => {
      const cutoff = now + 400 * DAY;
      const a = await insert(expiredSessionRecord(cutoff, DAY));
      const b = await insert(expiredSessionRecord(cutoff, DAY));
      await getStorage().rotateTokens(a.id, a.refreshDigest!, {
        accessDigest: randomDigest(),
        refreshDigest: randomDigest(),
        accessExpiresAt: a.accessExpiresAt,
        refreshExpiresAt: a.refreshExpiresAt!,
        expiresAt: a.expiresAt,
        lastUsedAt: a.lastUsedAt,
        lastIp: '192.0.2.10',
        lastUserAgent: 'Rotator/1.0',
        rotatedAt: a.lastUsedAt,
        replay: null,
      });
      let deleted = 0;
      for (let batch = 0; batch < 1000; batch++) {
        const count = await getStorage().deleteEndedSessions({ endedBefore: new Date(cutoff), limit: 50 });
        deleted += count;
        if (count === 0) break;
      }
      expect(deleted).toBeGreaterThanOrEqual(2);
      expect(await getStorage().findSessionById(a.id)).toBeNull();
      expect(await getStorage().findSessionById(b.id)).toBeNull();
      expect(await getStorage().findSessionByRefreshDigest(a.refreshDigest!)).toBeNull();
    });
  });

  describe('deleteExpiredRotatedTokens', () => {
    it('deletes rotated digests whose own expiry passed, keeps the others and the session', async () => {
      const record = await insert(sessionRecord(now, { refreshExpiresAt: new Date(now + DAY), expiresAt: new Date(now + 60 * DAY) }));
      const second = randomDigest();
      await getStorage().rotateTokens(record.id, record.refreshDigest!, {
        accessDigest: randomDigest(),
        refreshDigest: second,
        accessExpiresAt: new Date(now + MINUTE),
        refreshExpiresAt: new Date(now + 60 * DAY),
        expiresAt: new Date(now + 60 * DAY),
        lastUsedAt: new Date(now),
        lastIp: '192.0.2.10',
        lastUserAgent: 'Rotator/1.0',
        rotatedAt: new Date(now),
        replay: null,
      });
      await getStorage().rotateTokens(record.id, second, {
        accessDigest: randomDigest(),
        refreshDigest: randomDigest(),
        accessExpiresAt: new Date(now + MINUTE),
        refreshExpiresAt: new Date(now + 60 * DAY),
        expiresAt: new Date(now + 60 * DAY),
        lastUsedAt: new Date(now),
        lastIp: '192.0.2.10',
        lastUserAgent: 'Rotator/1.0',
        rotatedAt: new Date(now),
        replay: null,
      });
      let deleted = 0;
      for (let batch = 0; batch < 1000; batch++) {
        const count = await getStorage().deleteExpiredRotatedTokens({ expiredBefore: new Date(now + 2 * DAY), limit: 50 });
        deleted += count;
        if (count === 0) break;
      }
      expect(deleted).toBeGreaterThanOrEqual(1);
      expect(await getStorage().findSessionByRefreshDigest(record.refreshDigest!)).toBeNull();
      expect((await getStorage().findSessionByRefreshDigest(second))?.state).toBe('rotated');
      expect(await getStorage().findSessionById(record.id)).not.toBeNull();
    });
  });
}
