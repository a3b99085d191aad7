import { describe, expect, it } from 'vitest';
import { type Authentify, createAuthentify } from '../authentify.js';
import type { AuthentifyOptions } from '../options/options.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { openTokenPair } from '../tokens/token-pair-seal.js';
import { createTokenHasher } from '../tokens/token-hasher.js';
import { uniqueUserId } from './fixtures.js';
import { createTestClock, type TestClock } from './test-clock.js';

const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : null) });

/**
 * Refresh replay through `createAuthentify` on the storage under test: a retry inside the grace
 * window gets the same pair, what the storage keeps is useless without the old token, and the
 * replay ends with the window.
 */
export function replayLifecycleTests(getStorage: () => SessionStorage): void {
  const setup = (
    options: Partial<AuthentifyOptions<object, { id: string }>> = {},
  ): { auth: Authentify<object, { id: string }>; clock: TestClock } => {
    const clock = createTestClock(Date.UTC(2033, 6, 7, 8, 9, 10, 11));
    const auth = createAuthentify<object, { id: string }>({ storage: getStorage(), clock, resolveUser: (id) => ({ id }), ...options });
    return { auth, clock };
  };
  const digest = createTokenHasher('SHA-256').digest;

  describe('refresh replay through createAuthentify', () => {
    it('answers a retry inside the grace window with the same pair, as many times as it comes', async () => {
      const { auth, clock } = setup({ refreshReuseGrace: '10s' });
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
      const first = await auth.refresh(issued.refreshToken!, 'header');
      if (!first.ok) throw new Error(`refresh failed: ${first.reason}`);
      expect(first.replayed).toBe(false);
      for (const wait of ['1s', '8s'] as const) {
        clock.advance(wait);
        const retry = await auth.refresh(issued.refreshToken!, 'header');
        expect(retry).toMatchObject({ ok: true, replayed: true, accessToken: first.accessToken, refreshToken: first.refreshToken });
        if (retry.ok) expect(retry.session.id).toBe(issued.session.id);
      }
      expect(await auth.authenticate(bearer(first.accessToken))).toMatchObject({ ok: true });
      expect(await auth.authenticate(bearer(issued.accessToken))).toMatchObject({ ok: false, reason: 'invalid' });
    });

    it('keeps nothing usable in storage: the replay opens only with the old token itself', async () => {
      const { auth, clock } = setup();
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
      const refreshed = await auth.refresh(issued.refreshToken!, 'header');
      if (!refreshed.ok) throw new Error(`refresh failed: ${refreshed.reason}`);
      const oldDigest = await digest(issued.refreshToken!);
      const sealed = await getStorage().findRefreshReplay(oldDigest, new Date(clock()));
      expect(sealed).toBeTypeOf('string');
      for (const secret of [refreshed.accessToken, refreshed.refreshToken, issued.refreshToken!]) {
        expect(sealed).not.toContain(secret.slice(8));
      }
      const binding = { sessionId: issued.session.id, replacedRefreshDigest: oldDigest };
      // Everything the database holds — the digests and the envelope — does not open it.
      expect(await openTokenPair(sealed!, oldDigest, binding)).toBeNull();
      expect(await openTokenPair(sealed!, await digest(refreshed.refreshToken), binding)).toBeNull();
      expect(await openTokenPair(sealed!, issued.refreshToken!, binding)).toEqual({
        accessToken: refreshed.accessToken,
        refreshToken: refreshed.refreshToken,
      });
    });

    it('once the new pair has been rotated, a retry of the old token is superseded, not replayed', async () => {
      const { auth, clock } = setup();
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
      const first = await auth.refresh(issued.refreshToken!, 'header');
      if (!first.ok) throw new Error(`refresh failed: ${first.reason}`);
      clock.advance('1s');
      const second = await auth.refresh(first.refreshToken, 'header');
      expect(second).toMatchObject({ ok: true, replayed: false });
      expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'refresh_token_superseded' });
      expect(await auth.refresh(first.refreshToken, 'header')).toMatchObject({ ok: true, replayed: true });
    });

    it('does not replay for another transport, a user resolveUser no longer finds, or a revoked session', async () => {
      let active = true;
      const { auth } = setup({ auditRetention: '1d', resolveUser: (id) => (active ? { id } : null) });
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'cookie' });
      expect(await auth.refresh(issued.refreshToken!, 'cookie')).toMatchObject({ ok: true });
      expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'wrong_transport' });
      active = false;
      expect(await auth.refresh(issued.refreshToken!, 'cookie')).toMatchObject({ ok: false, reason: 'user_inactive' });
      active = true;
      await auth.revokeSession(issued.session.id);
      expect(await auth.refresh(issued.refreshToken!, 'cookie')).toMatchObject({ ok: false, reason: 'revoked' });
    });

    it('with a grace window of 0 keeps no replay, and a reuse even in the same millisecond is theft', async () => {
      const reuses: string[] = [];
      const { auth, clock } = setup({ refreshReuseGrace: 0, hooks: { onRefreshReuse: ({ sessionId }) => void reuses.push(sessionId) } });
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
      const refreshed = await auth.refresh(issued.refreshToken!, 'header');
      if (!refreshed.ok) throw new Error(`refresh failed: ${refreshed.reason}`);
      expect(await getStorage().findRefreshReplay(await digest(issued.refreshToken!), new Date(clock()))).toBeNull();
      expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'refresh_token_reused' });
      expect(reuses).toEqual([issued.session.id]);
      expect(await auth.authenticate(bearer(refreshed.accessToken))).toMatchObject({ ok: false });
    });

    it('ends the replay with the window: a later reuse is theft, and a prune deletes what was kept', async () => {
      const { auth, clock } = setup({ refreshReuseGrace: '5s' });
      const issued = await auth.issueSession({ userId: uniqueUserId(), transport: 'header' });
      const refreshed = await auth.refresh(issued.refreshToken!, 'header');
      if (!refreshed.ok) throw new Error(`refresh failed: ${refreshed.reason}`);
      const rotatedAt = clock();
      const oldDigest = await digest(issued.refreshToken!);
      clock.advance('5s');
      expect(await getStorage().findRefreshReplay(oldDigest, new Date(clock()))).toBeNull();
      const report = await auth.pruneSessions();
      expect(report.deletedRefreshReplays).toBeGreaterThanOrEqual(1);
      // Asked as of a moment inside the window, a replay still stored would come back: it is gone.
      expect(await getStorage().findRefreshReplay(oldDigest, new Date(rotatedAt))).toBeNull();
      expect(await auth.refresh(issued.refreshToken!, 'header')).toMatchObject({ ok: false, reason: 'refresh_token_reused' });
    });
  });
}
