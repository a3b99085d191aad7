import { describe, expect, it } from 'vitest';
import { type Authentify, createAuthentify } from '../authentify.js';
import type { AuthentifyOptions } from '../options/options.js';
import type { RevocationReason } from '../storage/session-record.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { fulfilledValues, inParallel, uniqueUserId } from './fixtures.js';
import { createTestClock, type TestClock } from './test-clock.js';

type Context = { device: string };

/** The header a client would send with a token. */
const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : null) });
/** The cookie header a browser would send with an access token. */
const cookie = (token: string) => ({ header: (name: string) => (name === 'cookie' ? `afy_access=${token}` : null) });

/**
 * The whole session lifecycle through `createAuthentify` on the storage under test: what users
 * of a storage actually rely on, including refresh races over real parallelism.
 */
export function lifecycleTests(getStorage: () => SessionStorage, parallelism: number): void {
  const setup = (
    options: Partial<AuthentifyOptions<Context, { id: string }>> = {},
  ): { auth: Authentify<Context, { id: string }>; clock: TestClock } => {
    const clock = createTestClock(Date.UTC(2032, 2, 3, 4, 5, 6, 789));
    const auth = createAuthentify<Context, { id: string }>({
      storage: getStorage(),
      clock,
      resolveUser: (userId) => ({ id: userId }),
      ...options,
    });
    return { auth, clock };
  };

  describe('session lifecycle through createAuthentify', () => {
    it('issues a session whose access token authenticates with its context, user and times', async () => {
      const { auth, clock } = setup();
      const userId = uniqueUserId();
      const issued = await auth.issueSession({ userId, transport: 'header', context: { device: 'laptop' } });
      const result = await auth.authenticate(bearer(issued.accessToken));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.session.id).toBe(issued.session.id);
      expect(result.session.context).toEqual({ device: 'laptop' });
      expect(result.user).toEqual({ id: userId });
      expect(result.session.accessExpiresAt).toEqual(new Date(clock() + 15 * 60_000));
    });

    it('refuses an expired access token, and a refresh rotates the tokens while keeping the session id', async () => {
      const { auth, clock } = setup();
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header', context: { device: 'phone' } });
      clock.advance('16m');
      expect(await auth.authenticate(bearer(issued.accessToken))).toMatchObject({ ok: false, reason: 'expired' });

      const refreshed = await auth.refresh(issued.refreshToken!, 'header');
      expect(refreshed.ok).toBe(true);
      if (!refreshed.ok) return;
      expect(refreshed.session.id).toBe(issued.session.id);
      expect(refreshed.accessToken).not.toBe(issued.accessToken);
      expect(await auth.authenticate(bearer(refreshed.accessToken))).toMatchObject({ ok: true });
      expect(await auth.authenticate(bearer(issued.accessToken))).toMatchObject({ ok: false, reason: 'invalid' });
    });

    it(`of ${parallelism} concurrent refreshes with one token exactly one rotates, and all get its pair`, async () => {
      const { auth } = setup();
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header', context: { device: 'tablet' } });
      const results = fulfilledValues(await inParallel(parallelism, () => auth.refresh(issued.refreshToken!, 'header')));
      const pairs = results.map((result) => (result.ok ? `${result.accessToken} ${result.refreshToken}` : result.reason));
      expect(new Set(pairs).size, pairs.join('\n')).toBe(1);
      expect(results.filter((result) => result.ok && !result.replayed)).toHaveLength(1);
      const winner = results[0]!;
      if (!winner.ok) return;
      expect(winner.session.id).toBe(issued.session.id);
      expect(await auth.authenticate(bearer(winner.accessToken))).toMatchObject({ ok: true });
      expect(await auth.listSessionsOfUser(issued.session.userId)).toHaveLength(1);
      // Exactly one live pair: the one every caller holds rotates, and then nothing else can.
      const next = await auth.refresh(winner.refreshToken, 'header');
      expect(next).toMatchObject({ ok: true, replayed: false });
      expect(await auth.authenticate(bearer(winner.accessToken))).toMatchObject({ ok: false, reason: 'invalid' });
    });

    it('treats reuse of a rotated refresh token after the grace window as theft: the session is revoked', async () => {
      const reuses: string[] = [];
      const { auth, clock } = setup({
        refreshReuseGrace: '10s',
        hooks: { onRefreshReuse: ({ sessionId }) => void reuses.push(sessionId) },
      });
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header', context: { device: 'cli' } });
      const refreshed = await auth.refresh(issued.refreshToken!, 'header');
      if (!refreshed.ok) throw new Error(`refresh failed: ${refreshed.reason}`);

      clock.advance('5s');
      expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({
        ok: true,
        replayed: true,
        accessToken: refreshed.accessToken,
        refreshToken: refreshed.refreshToken,
      });
      expect(await auth.authenticate(bearer(refreshed.accessToken))).toMatchObject({ ok: true });

      clock.advance('5s');
      expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'refresh_token_reused' });
      expect(reuses).toEqual([issued.session.id]);
      expect(await auth.authenticate(bearer(refreshed.accessToken))).toMatchObject({ ok: false });
      expect(await auth.refresh(refreshed.refreshToken!, 'header')).toMatchObject({ ok: false });
    });

    it('refuses a token in the other transport while transport restriction is on', async () => {
      const { auth } = setup();
      const headerSession = await auth.issueSession({ userId: uniqueUserId(), transport: 'header', context: { device: 'a' } });
      const cookieSession = await auth.issueSession({ userId: uniqueUserId(), transport: 'cookie', context: { device: 'b' } });
      expect(await auth.authenticate(cookie(headerSession.accessToken))).toMatchObject({ ok: false, reason: 'wrong_transport' });
      expect(await auth.authenticate(bearer(cookieSession.accessToken))).toMatchObject({ ok: false, reason: 'wrong_transport' });
      expect(await auth.authenticate(cookie(cookieSession.accessToken))).toMatchObject({ ok: true });
      expect(await auth.refresh(cookieSession.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'wrong_transport' });
    });

    it('slides the expiry at most once per interval, and never past the absolute lifetime', async () => {
      const { auth, clock } = setup({ accessTtl: '10m', sliding: { interval: '1m' }, absoluteLifetime: '30m' });
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'cookie', context: { device: 'web' } });
      const start = clock();
      clock.advance('30s');
      expect(await auth.authenticate(cookie(issued.accessToken))).toMatchObject({ ok: true, extended: false });
      clock.advance('40s');
      const extended = await auth.authenticate(cookie(issued.accessToken));
      expect(extended).toMatchObject({ ok: true, extended: true });
      if (extended.ok) expect(extended.session.accessExpiresAt).toEqual(new Date(clock() + 10 * 60_000));
      for (let minute = 0; minute < 25; minute++) {
        clock.advance('5m');
        const result = await auth.authenticate(cookie(issued.accessToken));
        if (clock() - start < 30 * 60_000) expect(result.ok).toBe(true);
        else expect(result).toMatchObject({ ok: false, reason: 'expired' });
        if (result.ok) expect(result.session.accessExpiresAt!.getTime()).toBeLessThanOrEqual(start + 30 * 60_000);
      }
    });

    it('refuses a refresh once the absolute lifetime has passed', async () => {
      const { auth, clock } = setup({ accessTtl: '10m', refreshTtl: '1d', absoluteLifetime: '1h' });
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header', context: { device: 'a' } });
      clock.advance('50m');
      const refreshed = await auth.refresh(issued.refreshToken!, 'header');
      if (!refreshed.ok) throw new Error(`refresh failed: ${refreshed.reason}`);
      expect(refreshed.session.accessExpiresAt).toEqual(new Date(clock() + 10 * 60_000));
      expect(refreshed.session.refreshExpiresAt).toEqual(issued.session.absoluteExpiresAt);
      clock.advance('11m');
      expect(await auth.refresh(refreshed.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'expired' });
    });

    it('revokes one session, the others of a user, or all of them; revoked tokens are refused at once', async () => {
      const { auth } = setup();
      const userId = uniqueUserId();
      const [a, b, c] = [
        await auth.issueSession({ userId, transport: 'header', context: { device: 'a' } }),
        await auth.issueSession({ userId, transport: 'header', context: { device: 'b' } }),
        await auth.issueSession({ userId, transport: 'header', context: { device: 'c' } }),
      ];
      expect(await auth.revokeSession(a!.session.id, { reason: 'logout' })).toBe(true);
      expect(await auth.authenticate(bearer(a!.accessToken))).toMatchObject({ ok: false, reason: 'invalid' });
      expect(await auth.revokeOtherSessionsOfUser(userId, b!.session.id)).toBe(1);
      expect(await auth.authenticate(bearer(c!.accessToken))).toMatchObject({ ok: false });
      expect(await auth.authenticate(bearer(b!.accessToken))).toMatchObject({ ok: true });
      expect(await auth.revokeAllSessionsOfUser(userId)).toBe(1);
      expect(await auth.authenticate(bearer(b!.accessToken))).toMatchObject({ ok: false });
      expect(await auth.listSessionsOfUser(userId)).toEqual([]);
    });

    it('with audit retention keeps revoked and expired sessions, still refused, until the retention passes', async () => {
      const revocations: RevocationReason[] = [];
      const { auth, clock } = setup({
        auditRetention: '7d',
        hooks: { afterRevoke: ({ reason }) => void revocations.push(reason) },
      });
      const userId = uniqueUserId();
      const revoked = await auth.issueSession({ userId, transport: 'header', context: { device: 'a' } });
      clock.advance('1s');
      const expiring = await auth.issueSession({ userId, transport: 'header', context: { device: 'b' }, refreshTtl: null, accessTtl: '1h' });
      await auth.revokeSession(revoked.session.id, { reason: 'logout' });
      expect(await auth.authenticate(bearer(revoked.accessToken))).toMatchObject({ ok: false, reason: 'revoked' });
      clock.advance('2h');
      expect(await auth.authenticate(bearer(expiring.accessToken))).toMatchObject({ ok: false, reason: 'expired' });

      const listed = await auth.listSessionsOfUser(userId, { includeEnded: true });
      expect(listed.map((s) => [s.context.device, s.status, s.revocationReason])).toEqual([
        ['b', 'expired', null],
        ['a', 'revoked', 'logout'],
      ]);
      expect((await auth.pruneSessions({ userId })).deletedSessions).toBe(0);
      clock.advance('8d');
      expect((await auth.pruneSessions({ userId })).deletedSessions).toBe(2);
      expect(await auth.listSessionsOfUser(userId, { includeEnded: true })).toEqual([]);
      expect(revocations).toEqual(['logout']);
    });

    it('prunes ended sessions in batches and reports progress after each', async () => {
      const { auth, clock } = setup({ accessTtl: '1m', refreshTtl: null });
      const userId = uniqueUserId();
      for (let index = 0; index < 7; index++) {
        await auth.issueSession({ userId, transport: 'header', context: { device: `d${index}` } });
      }
      const survivor = await auth.issueSession({ userId, transport: 'header', context: { device: 'keep' }, accessTtl: '1d' });
      clock.advance('2m');
      const progress: number[] = [];
      const report = await auth.pruneSessions({ userId, batchSize: 3, onProgress: (p) => void progress.push(p.deletedSessions) });
      // Batches of at most 3 until one deletes nothing (a storage may stop a batch short).
      expect(report.deletedSessions).toBe(7);
      expect(progress.at(-1)).toBe(7);
      expect(progress.at(-2)).toBe(7);
      expect(progress.every((deleted, index) => index === 0 || deleted - progress[index - 1]! <= 3)).toBe(true);
      expect(progress[0]).toBeLessThanOrEqual(3);
      expect((await auth.listSessionsOfUser(userId)).map((s) => s.id)).toEqual([survivor.session.id]);
    });

    it('never lets single-login or a session limit be exceeded by concurrent logins', async () => {
      const single = setup({ singleLogin: true }).auth;
      const userId = uniqueUserId();
      fulfilledValues(
        await inParallel(parallelism, () => single.issueSession({ userId, transport: 'header', context: { device: 'x' } })),
      );
      expect(await single.listSessionsOfUser(userId)).toHaveLength(1);

      const limited = setup({ sessionLimit: { max: 2, onLimit: 'refuse' } }).auth;
      const limitedUser = uniqueUserId();
      const outcomes = await inParallel(parallelism, () =>
        limited.issueSession({ userId: limitedUser, transport: 'header', context: { device: 'y' } }),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(2);
      for (const outcome of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
        expect(outcome.reason).toMatchObject({ code: 'session_limit_reached' });
      }
      expect(await limited.listSessionsOfUser(limitedUser)).toHaveLength(2);
    });

    it('lists sessions with ids, transport, context and times, never a token or digest', async () => {
      const { auth } = setup();
      const userId = uniqueUserId();
      const issued = await auth.issueSession({ userId, transport: 'cookie', context: { device: 'Firefox on Linux' } });
      const [listed] = await auth.listSessionsOfUser(userId);
      expect(listed).toMatchObject({ id: issued.session.id, transport: 'cookie', context: { device: 'Firefox on Linux' }, status: 'active' });
      const serialised = JSON.stringify(listed);
      expect(serialised).not.toContain(issued.accessToken);
      expect(serialised).not.toMatch(/digest/i);
    });
  });
}
