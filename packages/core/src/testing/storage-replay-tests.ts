import { describe, expect, it } from 'vitest';
import type { LoginPolicy, RefreshReplay, SessionRecord, TokenRotation } from '../storage/session-record.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { randomDigest, sessionRecord } from './fixtures.js';

const SECOND = 1_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

const openPolicy: LoginPolicy = {
  singleLogin: false,
  sessionLimit: null,
  revocation: { at: new Date(0), reason: 'session_limit', retain: false },
};

/** An opaque sealed replay as core writes it: ASCII, up to 1024 characters. */
function sealedText(length = 260): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * The refresh-replay obligations: `rotateTokens` keeps `rotation.replay` with the replaced digest
 * in the same step, `findRefreshReplay` returns it only inside its window and only for that
 * digest, a later rotation or a revocation drops it, and `deleteExpiredRefreshReplays` prunes it.
 */
export function storageReplayTests(getStorage: () => SessionStorage): void {
  const now = Date.UTC(2031, 3, 9, 10, 0, 0, 321);
  const insert = async (overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> => {
    const record = sessionRecord(now, overrides);
    expect(await getStorage().createSession(record, openPolicy)).toEqual({ created: true, revokedSessionIds: [] });
    return record;
  };
  const rotation = (at: number, replay: RefreshReplay | null): TokenRotation => ({
    accessDigest: randomDigest(),
    refreshDigest: randomDigest(),
    accessExpiresAt: new Date(at + 15 * MINUTE),
    refreshExpiresAt: new Date(at + 30 * DAY),
    expiresAt: new Date(at + 30 * DAY),
    lastUsedAt: new Date(at),
    lastIp: '192.0.2.10',
    lastUserAgent: 'Rotator/1.0',
    rotatedAt: new Date(at),
    replay,
  });
  const replayUntil = (expiresAt: number, sealed = sealedText()): RefreshReplay => ({ sealed, expiresAt: new Date(expiresAt) });

  describe('findRefreshReplay', () => {
    it('returns the replay a rotation kept with the replaced digest, byte for byte, until it expires', async () => {
      const record = await insert();
      const replay = replayUntil(now + 10 * SECOND, sealedText(1024));
      const next = rotation(now, replay);
      expect(await getStorage().rotateTokens(record.id, record.refreshDigest!, next)).not.toBeNull();
      expect(await getStorage().findRefreshReplay(record.refreshDigest!, new Date(now))).toBe(replay.sealed);
      expect(await getStorage().findRefreshReplay(record.refreshDigest!, new Date(now + 10 * SECOND - 1))).toBe(replay.sealed);
      // Expired means never returned, whether or not a prune has deleted it.
      expect(await getStorage().findRefreshReplay(record.refreshDigest!, new Date(now + 10 * SECOND))).toBeNull();
      expect(await getStorage().findRefreshReplay(record.refreshDigest!, new Date(now + DAY))).toBeNull();
    });

    it('returns null for the current digest, an unknown digest, and a rotation that kept no replay', async () => {
      const record = await insert();
      const next = rotation(now, null);
      await getStorage().rotateTokens(record.id, record.refreshDigest!, next);
      expect(await getStorage().findRefreshReplay(record.refreshDigest!, new Date(now))).toBeNull();
      expect(await getStorage().findRefreshReplay(next.refreshDigest, new Date(now))).toBeNull();
      expect(await getStorage().findRefreshReplay(randomDigest(), new Date(now))).toBeNull();
    });

    it('never returns another session’s replay', async () => {
      const a = await insert();
      const b = await insert();
      const replayOfA = replayUntil(now + 10 * SECOND);
      const replayOfB = replayUntil(now + 10 * SECOND);
      await getStorage().rotateTokens(a.id, a.refreshDigest!, rotation(now, replayOfA));
      await getStorage().rotateTokens(b.id, b.refreshDigest!, rotation(now, replayOfB));
      expect(await getStorage().findRefreshReplay(a.refreshDigest!, new Date(now))).toBe(replayOfA.sealed);
      expect(await getStorage().findRefreshReplay(b.refreshDigest!, new Date(now))).toBe(replayOfB.sealed);
    });

    it('keeps only the latest rotation’s replay: the next rotation drops the earlier one', async () => {
      const record = await insert();
      const first = rotation(now, replayUntil(now + 10 * SECOND));
      await getStorage().rotateTokens(record.id, record.refreshDigest!, first);
      const second = rotation(now + SECOND, replayUntil(now + 11 * SECOND));
      await getStorage().rotateTokens(record.id, first.refreshDigest, second);
      expect(await getStorage().findRefreshReplay(record.refreshDigest!, new Date(now + SECOND))).toBeNull();
      expect(await getStorage().findRefreshReplay(first.refreshDigest, new Date(now + SECOND))).toBe(second.replay!.sealed);
      await getStorage().rotateTokens(record.id, second.refreshDigest, rotation(now + 2 * SECOND, null));
      expect(await getStorage().findRefreshReplay(first.refreshDigest, new Date(now + 2 * SECOND))).toBeNull();
      // The rotated digests themselves stay, for reuse detection.
      expect((await getStorage().findSessionByRefreshDigest(record.refreshDigest!))?.state).toBe('rotated');
    });

    it('writes no replay when the comparison fails', async () => {
      const record = await insert();
      const wrong = randomDigest();
      expect(await getStorage().rotateTokens(record.id, wrong, rotation(now, replayUntil(now + 10 * SECOND)))).toBeNull();
      expect(await getStorage().findRefreshReplay(wrong, new Date(now))).toBeNull();
      expect(await getStorage().findRefreshReplay(record.refreshDigest!, new Date(now))).toBeNull();
    });

    it('drops the replay when the session is revoked, retained or not, alone or with the user’s others', async () => {
      const retained = await insert();
      const removed = await insert();
      const userId = retained.userId;
      const sibling = await insert({ userId });
      for (const record of [retained, removed, sibling]) {
        await getStorage().rotateTokens(record.id, record.refreshDigest!, rotation(now, replayUntil(now + 10 * SECOND)));
      }
      await getStorage().revokeSession(retained.id, { at: new Date(now), reason: 'logout', retain: true });
      await getStorage().revokeSession(removed.id, { at: new Date(now), reason: 'logout', retain: false });
      await getStorage().revokeSessionsOfUser(userId, { at: new Date(now), reason: 'logout_everywhere', retain: true });
      for (const record of [retained, removed, sibling]) {
        expect(await getStorage().findRefreshReplay(record.refreshDigest!, new Date(now))).toBeNull();
      }
    });

    it('drops the replay of a session that a single-login revokes', async () => {
      const earlier = await insert();
      await getStorage().rotateTokens(earlier.id, earlier.refreshDigest!, rotation(now, replayUntil(now + 10 * SECOND)));
      await getStorage().createSession(sessionRecord(now, { userId: earlier.userId }), {
        singleLogin: true,
        sessionLimit: null,
        revocation: { at: new Date(now), reason: 'single_login', retain: true },
      });
      expect(await getStorage().findRefreshReplay(earlier.refreshDigest!, new Date(now))).toBeNull();
    });
  });

  describe('deleteExpiredRefreshReplays', () => {
    it('deletes replays whose window ended at or before the cutoff, in batches; keeps the others and the sessions', async () => {
      const base = now + 200 * DAY;
      const ended = await Promise.all([insert(), insert(), insert()]);
      const open = await insert();
      for (const [index, record] of ended.entries()) {
        await getStorage().rotateTokens(record.id, record.refreshDigest!, rotation(base, replayUntil(base + index * SECOND)));
      }
      const kept = replayUntil(base + MINUTE);
      await getStorage().rotateTokens(open.id, open.refreshDigest!, rotation(base, kept));

      let deleted = 0;
      for (let batch = 0; batch < 1000; batch++) {
        const count = await getStorage().deleteExpiredRefreshReplays({ expiredBefore: new Date(base + 2 * SECOND), limit: 2 });
        expect(count).toBeLessThanOrEqual(2);
        deleted += count;
        if (count === 0) break;
      }
      expect(deleted).toBeGreaterThanOrEqual(3);
      // Asked at a time before their expiry, a replay that is still stored would be returned.
      for (const record of ended) {
        expect(await getStorage().findRefreshReplay(record.refreshDigest!, new Date(base - SECOND))).toBeNull();
        expect(await getStorage().findSessionById(record.id)).not.toBeNull();
        expect((await getStorage().findSessionByRefreshDigest(record.refreshDigest!))?.state).toBe('rotated');
      }
      expect(await getStorage().findRefreshReplay(open.refreshDigest!, new Date(base))).toBe(kept.sealed);
      expect(await getStorage().deleteExpiredRefreshReplays({ expiredBefore: new Date(base + 2 * SECOND), limit: 10 })).toBe(0);
    });
  });
}
