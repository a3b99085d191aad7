import { describe, expect, it } from 'vitest';
import type { LoginPolicy } from '../storage/session-record.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { fulfilledValues, inParallel, randomDigest, sessionRecord, uniqueUserId } from './fixtures.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * The atomicity promises of the contract, tested by firing `parallelism` calls at once. With a
 * connection pool, these calls really run side by side on the database.
 */
export function storageConcurrencyTests(getStorage: () => SessionStorage, parallelism: number): void {
  const now = Date.UTC(2031, 5, 1, 8, 30, 0, 456);
  const policy = (overrides: Partial<LoginPolicy>): LoginPolicy => ({
    singleLogin: false,
    sessionLimit: null,
    revocation: { at: new Date(now), reason: 'session_limit', retain: false },
    ...overrides,
  });
  const liveSessionsOf = (userId: string) =>
    getStorage().listSessionsOfUser(userId, { now: new Date(now), includeEnded: false });

  describe(`concurrency (${parallelism} calls at once)`, () => {
    it('rotateTokens: exactly one of the concurrent swaps with the same expected digest wins, and keeps its replay', async () => {
      const record = sessionRecord(now);
      await getStorage().createSession(record, policy({}));
      const attempts = Array.from({ length: parallelism }, () => randomDigest());
      const sealed = attempts.map((_, index) => `sealed-by-attempt-${index}`);
      const results = fulfilledValues(
        await inParallel(parallelism, (index) =>
          getStorage().rotateTokens(record.id, record.refreshDigest!, {
            accessDigest: randomDigest(),
            refreshDigest: attempts[index]!,
            accessExpiresAt: new Date(now + 15 * MINUTE),
            refreshExpiresAt: new Date(now + 30 * DAY),
            expiresAt: new Date(now + 30 * DAY),
            lastUsedAt: new Date(now + index),
            lastIp: '192.0.2.10',
            lastUserAgent: 'Rotator/1.0',
            rotatedAt: new Date(now + index),
            replay: { sealed: sealed[index]!, expiresAt: new Date(now + 10_000) },
          }).then(async (result) => ({
            result,
            // Read at once: a loser must already see the winner's replay when its own call returns.
            replay: await getStorage().findRefreshReplay(record.refreshDigest!, new Date(now)),
          })),
        ),
      );
      const winners = results.filter(({ result }) => result !== null);
      expect(winners).toHaveLength(1);
      const winner = attempts.indexOf(winners[0]!.result!.refreshDigest!);
      const stored = await getStorage().findSessionById(record.id);
      expect(stored?.refreshDigest).toBe(attempts[winner]);
      expect((await getStorage().findSessionByRefreshDigest(record.refreshDigest!))?.state).toBe('rotated');
      // Every caller, winner or loser, reads the one replay the winner kept — never a loser's.
      expect(results.map(({ replay }) => replay)).toEqual(results.map(() => sealed[winner]));
    });

    it('createSession with a limit and refuse: concurrent logins never exceed the limit', async () => {
      const userId = uniqueUserId();
      const max = 3;
      const outcomes = fulfilledValues(
        await inParallel(parallelism, () =>
          getStorage().createSession(sessionRecord(now, { userId }), policy({ sessionLimit: { max, onLimit: 'refuse' } })),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.created)).toHaveLength(max);
      expect(await liveSessionsOf(userId)).toHaveLength(max);
    });

    it('createSession with a limit and evict_oldest: every login succeeds and exactly max stay live', async () => {
      const userId = uniqueUserId();
      const max = 3;
      const outcomes = fulfilledValues(
        await inParallel(parallelism, (index) =>
          getStorage().createSession(
            sessionRecord(now + index, { userId }),
            policy({ sessionLimit: { max, onLimit: 'evict_oldest' } }),
          ),
        ),
      );
      expect(outcomes.every((outcome) => outcome.created)).toBe(true);
      expect(await liveSessionsOf(userId)).toHaveLength(max);
    });

    it('createSession with single-login: exactly one session stays live', async () => {
      const userId = uniqueUserId();
      const outcomes = fulfilledValues(
        await inParallel(parallelism, (index) =>
          getStorage().createSession(
            sessionRecord(now + index, { userId }),
            policy({ singleLogin: true, revocation: { at: new Date(now), reason: 'single_login', retain: true } }),
          ),
        ),
      );
      expect(outcomes.every((outcome) => outcome.created)).toBe(true);
      expect(await liveSessionsOf(userId)).toHaveLength(1);
    });

    it('revokeSession: exactly one of the concurrent revocations of a session returns it', async () => {
      const record = sessionRecord(now);
      await getStorage().createSession(record, policy({}));
      const results = fulfilledValues(
        await inParallel(parallelism, () =>
          getStorage().revokeSession(record.id, { at: new Date(now), reason: 'logout', retain: true }),
        ),
      );
      expect(results.filter((result) => result !== null)).toHaveLength(1);
    });
  });
}
