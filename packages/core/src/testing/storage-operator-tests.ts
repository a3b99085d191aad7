import { describe, expect, it } from 'vitest';
import type { LoginPolicy, Revocation, SessionRecord } from '../storage/session-record.js';
import type { SessionFilter, SessionKeyset } from '../storage/session-search.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { fulfilledValues, inParallel, randomDigest, sessionRecord, uniqueUserId } from './fixtures.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const openPolicy: LoginPolicy = {
  singleLogin: false,
  sessionLimit: null,
  revocation: { at: new Date(0), reason: 'session_limit', retain: false },
};

/**
 * The operators' queries: cross-user search with keyset pagination, counts by state, bulk
 * revocation with its audit record. The suite shares its storage with other cases (and other
 * processes may share the database), so each case works in an hour of its own, far from every
 * other case's times, and filters by it: what it counts and revokes is exactly what it created.
 */
export function storageOperatorTests(getStorage: () => SessionStorage, parallelism: number): void {
  // A random hour in 2046–2055 per run, so that two runs on one database never overlap either.
  const base = Date.UTC(2046, 0, 1) + Math.floor(Math.random() * 3650) * DAY;
  let nextWindow = 0;
  const window = (): { start: number; filter: SessionFilter; now: Date } => {
    const start = base + nextWindow++ * 2 * HOUR;
    // States are judged at the end of the window: what was created in it is live unless it says otherwise.
    return { start, filter: { createdFrom: new Date(start), createdUntil: new Date(start + HOUR) }, now: new Date(start + HOUR) };
  };
  const insert = async (record: SessionRecord): Promise<SessionRecord> => {
    expect(await getStorage().createSession(record, openPolicy)).toMatchObject({ created: true });
    return record;
  };
  const keysetOf = (record: SessionRecord): SessionKeyset => ({ createdAt: record.createdAt, id: record.id });
  const idsOf = (records: readonly SessionRecord[]): string[] => records.map((record) => record.id);
  const newestFirst = (records: readonly SessionRecord[]): SessionRecord[] =>
    [...records].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  /** Three sessions in `start`'s hour: live, expired (at the window's end), and revoked. */
  const threeStates = async (start: number, userId: string) => {
    const live = await insert(sessionRecord(start + 1, { userId }));
    const expired = await insert(
      sessionRecord(start + 2, { userId, accessExpiresAt: new Date(start + 3), refreshExpiresAt: new Date(start + 4), expiresAt: new Date(start + 4) }),
    );
    const revoked = await insert(sessionRecord(start + 3, { userId }));
    await getStorage().revokeSession(revoked.id, { at: new Date(start + 5), reason: 'logout', retain: true });
    return { live, expired, revoked };
  };

  describe('operator queries', () => {
    describe('searchSessions', () => {
      it('finds sessions across users, newest first, and judges states at the given now', async () => {
        const { start, filter, now } = window();
        const first = await threeStates(start, uniqueUserId('ops'));
        const second = await threeStates(start + 10, uniqueUserId('ops'));
        const page = { now, limit: 100, after: null };
        const all = await getStorage().searchSessions(filter, page);
        expect(idsOf(all)).toEqual(idsOf(newestFirst([...Object.values(first), ...Object.values(second)])));
        expect(all.find((record) => record.id === first.live.id)).toEqual(first.live);
        expect(idsOf(await getStorage().searchSessions({ ...filter, states: ['live'] }, page))).toEqual([second.live.id, first.live.id]);
        expect(idsOf(await getStorage().searchSessions({ ...filter, states: ['expired'] }, page))).toEqual([second.expired.id, first.expired.id]);
        expect(idsOf(await getStorage().searchSessions({ ...filter, states: ['revoked', 'live'] }, page))).toEqual(
          idsOf(newestFirst([first.live, first.revoked, second.live, second.revoked])),
        );
        // Before the expired one's end it was live.
        const earlier = { ...page, now: new Date(start + 3) };
        expect(idsOf(await getStorage().searchSessions({ ...filter, userId: first.live.userId, states: ['live'] }, earlier))).toEqual(
          [first.expired.id, first.live.id],
        );
      });

      it('filters by user, transport, and created and last-used ranges (start included, end excluded)', async () => {
        const { start, filter, now } = window();
        const userId = uniqueUserId('ops');
        const a = await insert(sessionRecord(start, { userId, transport: 'cookie', lastUsedAt: new Date(start + 30 * MINUTE) }));
        const b = await insert(sessionRecord(start + MINUTE, { userId, transport: 'header', lastUsedAt: new Date(start + 40 * MINUTE) }));
        const other = await insert(sessionRecord(start + 2 * MINUTE, { transport: 'cookie' }));
        const search = (extra: SessionFilter) => getStorage().searchSessions({ ...filter, ...extra }, { now, limit: 10, after: null }).then(idsOf);
        expect(await search({ userId })).toEqual([b.id, a.id]);
        expect(await search({ transport: 'cookie' })).toEqual([other.id, a.id]);
        expect(await search({ userId, transport: 'cookie' })).toEqual([a.id]);
        expect(await search({ createdFrom: new Date(start + MINUTE) })).toEqual([other.id, b.id]);
        expect(await search({ createdUntil: new Date(start + MINUTE) })).toEqual([a.id]);
        expect(await search({ userId, lastUsedFrom: new Date(start + 40 * MINUTE) })).toEqual([b.id]);
        expect(await search({ userId, lastUsedUntil: new Date(start + 40 * MINUTE) })).toEqual([a.id]);
        expect(await search({ userId: uniqueUserId('nobody') })).toEqual([]);
        expect(await search({ states: [] })).toEqual([]);
      });

      it('pages by keyset: every session exactly once, in order, ties on createdAt broken by id', async () => {
        const { start, filter, now } = window();
        const users = [uniqueUserId('ops'), uniqueUserId('ops'), uniqueUserId('ops')];
        const records: SessionRecord[] = [];
        // Three share one instant: the order must still be total and stable.
        for (let index = 0; index < 8; index++) {
          records.push(await insert(sessionRecord(start + (index < 3 ? 0 : index), { userId: users[index % 3]! })));
        }
        const expected = idsOf(newestFirst(records));
        const seen: string[] = [];
        let after: SessionKeyset | null = null;
        for (let pages = 0; pages < 10; pages++) {
          const page: SessionRecord[] = await getStorage().searchSessions(filter, { now, limit: 3, after });
          seen.push(...idsOf(page));
          if (page.length < 3) break;
          after = keysetOf(page[page.length - 1]!);
          if (pages === 0) {
            // A session created between two pages, newer than all: it neither shifts nor repeats the rest.
            await insert(sessionRecord(start + 30 * MINUTE, { userId: users[0]! }));
          }
        }
        expect(seen).toEqual(expected);
        expect(await getStorage().searchSessions({ ...filter, userId: users[1]! }, { now, limit: 10, after: keysetOf(records[7]!) })).toEqual(
          newestFirst(records.filter((record, index) => record.userId === users[1] && index < 7)),
        );
      });
    });

    describe('countSessionsByState', () => {
      it('counts each state at now; states not asked for count 0; nothing matching counts all zeros', async () => {
        const { start, filter, now } = window();
        const userId = uniqueUserId('ops');
        await threeStates(start, userId);
        await insert(sessionRecord(start + 7, { userId }));
        await threeStates(start + 20, uniqueUserId('ops'));
        expect(await getStorage().countSessionsByState({ ...filter, userId }, now)).toEqual({ live: 2, expired: 1, revoked: 1 });
        expect(await getStorage().countSessionsByState(filter, now)).toEqual({ live: 3, expired: 2, revoked: 2 });
        expect(await getStorage().countSessionsByState({ ...filter, states: ['live'] }, now)).toEqual({ live: 3, expired: 0, revoked: 0 });
        expect(await getStorage().countSessionsByState({ userId: uniqueUserId('nobody') }, now)).toEqual({ live: 0, expired: 0, revoked: 0 });
      });
    });

    describe('revokeMatchingSessions', () => {
      const audit = (at: number, retain = true): Revocation => ({
        at: new Date(at),
        reason: 'admin',
        retain,
        actor: 'operator@example.com',
        note: 'Laptop reported stolen — ticket #4521',
      });

      it('ends the matching live and expired sessions (not revoked ones), keeping reason, actor and note', async () => {
        const { start, filter, now } = window();
        const userId = uniqueUserId('ops');
        const { live, expired, revoked } = await threeStates(start, userId);
        const bystander = await insert(sessionRecord(start + 9));
        const ended = await getStorage().revokeMatchingSessions({ ...filter, userId }, audit(start + HOUR), { now });
        expect(ended.map((ref) => ref.sessionId).sort()).toEqual([live.id, expired.id].sort());
        expect(ended.every((ref) => ref.userId === userId)).toBe(true);
        expect(await getStorage().findSessionById(live.id)).toEqual({
          ...live,
          revokedAt: new Date(start + HOUR),
          revocationReason: 'admin',
          revokedBy: 'operator@example.com',
          revocationNote: 'Laptop reported stolen — ticket #4521',
        });
        // The earlier revocation keeps its own record.
        expect(await getStorage().findSessionById(revoked.id)).toMatchObject({ revocationReason: 'logout', revokedBy: null, revocationNote: null });
        expect((await getStorage().findSessionById(bystander.id))?.revokedAt).toBeNull();
        expect(await getStorage().revokeMatchingSessions({ ...filter, userId }, audit(start + HOUR), { now })).toEqual([]);
        expect(await getStorage().revokeMatchingSessions({ ...filter, states: ['revoked'] }, audit(start + HOUR), { now })).toEqual([]);
      });

      it('honours states, transport and exceptSessionId, and deletes instead when not retained', async () => {
        const { start, filter, now } = window();
        const userId = uniqueUserId('ops');
        const { live, expired } = await threeStates(start, userId);
        const kept = await insert(sessionRecord(start + 8, { userId }));
        const cookie = await insert(sessionRecord(start + 9, { userId, transport: 'cookie' }));
        const onlyLive = { ...filter, userId, states: ['live' as const], transport: 'header' as const };
        const ended = await getStorage().revokeMatchingSessions(onlyLive, audit(start + HOUR, false), { now, exceptSessionId: kept.id });
        expect(ended).toEqual([{ sessionId: live.id, userId }]);
        expect(await getStorage().findSessionById(live.id)).toBeNull();
        expect(await getStorage().findSessionByAccessDigest(live.accessDigest)).toBeNull();
        for (const untouched of [expired, kept, cookie]) expect((await getStorage().findSessionById(untouched.id))?.revokedAt).toBeNull();
      });

      it('revokeSession and revokeSessionsOfUser record an actor and a note too; without them both are null', async () => {
        const { start } = window();
        const userId = uniqueUserId('ops');
        const one = await insert(sessionRecord(start, { userId }));
        const two = await insert(sessionRecord(start + 1, { userId }));
        await getStorage().revokeSession(one.id, audit(start + 2));
        expect(await getStorage().findSessionById(one.id)).toMatchObject({ revokedBy: 'operator@example.com', revocationNote: audit(0).note });
        await getStorage().revokeSessionsOfUser(userId, { at: new Date(start + 3), reason: 'credentials_changed', retain: true });
        expect(await getStorage().findSessionById(two.id)).toMatchObject({ revocationReason: 'credentials_changed', revokedBy: null, revocationNote: null });
      });

      it(`concurrency: of ${parallelism} bulk revocations at once, each session is returned by exactly one`, async () => {
        const { start, filter, now } = window();
        const records: SessionRecord[] = [];
        for (let index = 0; index < 12; index++) records.push(await insert(sessionRecord(start + index, { userId: uniqueUserId('ops') })));
        const results = fulfilledValues(
          await inParallel(parallelism, (index) => getStorage().revokeMatchingSessions(filter, audit(start + HOUR + index), { now })),
        );
        const returned = results.flat().map((ref) => ref.sessionId);
        expect(returned.sort()).toEqual(idsOf(records).sort());
        expect(await getStorage().countSessionsByState(filter, now)).toEqual({ live: 0, expired: 0, revoked: 12 });
      });

      it('concurrency: logins and refreshes racing a bulk revocation of their user are ended or kept whole', async () => {
        const { start, filter, now } = window();
        const userId = uniqueUserId('ops');
        const existing = await insert(sessionRecord(start, { userId }));
        const logins = Array.from({ length: parallelism }, (_, index) => sessionRecord(start + 1 + index, { userId }));
        const newRefresh = randomDigest();
        const [revoked, ...rest] = await Promise.all([
          getStorage().revokeMatchingSessions({ ...filter, userId }, audit(start + HOUR), { now }),
          getStorage().rotateTokens(existing.id, existing.refreshDigest!, {
            accessDigest: randomDigest(),
            refreshDigest: newRefresh,
            accessExpiresAt: new Date(start + 15 * MINUTE),
            refreshExpiresAt: new Date(start + 30 * DAY),
            expiresAt: new Date(start + 30 * DAY),
            lastUsedAt: new Date(start + 1),
            lastIp: null,
            lastUserAgent: null,
            rotatedAt: new Date(start + 1),
            replay: null,
          }),
          ...logins.map((login) => getStorage().createSession(login, openPolicy)),
        ]);
        const revokedIds = new Set((revoked as { sessionId: string }[]).map((ref) => ref.sessionId));
        // The existing session is revoked whether its refresh ran first or lost.
        expect(revokedIds.has(existing.id)).toBe(true);
        const rotatedFirst = rest[0] !== null;
        expect((await getStorage().findSessionByRefreshDigest(newRefresh))?.session.revokedAt ?? null).toEqual(rotatedFirst ? new Date(start + HOUR) : null);
        for (const login of logins) {
          const stored = await getStorage().findSessionById(login.id);
          // Each login is either among the revoked (and stored so), or live and untouched.
          expect(stored?.revokedAt ?? null).toEqual(revokedIds.has(login.id) ? new Date(start + HOUR) : null);
        }
      });
    });
  });
}
