import { describe, expect, it } from 'vitest';
import type { LoginPolicy, SessionRecord, TokenRotation } from '../storage/session-record.js';
import type { SessionStorage } from '../storage/session-storage.js';
import { expiredSessionRecord, fulfilledValues, inParallel, randomDigest, sessionRecord } from './fixtures.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

const openPolicy: LoginPolicy = {
  singleLogin: false,
  sessionLimit: null,
  revocation: { at: new Date(0), reason: 'session_limit', retain: false },
};

/**
 * `updateSession` (labels, context after login, re-authentication times) and the two fields it
 * writes besides the context: `label` and `authenticatedAt`. Its concurrency promises are tested
 * against `rotateTokens` and `revokeSession` with `parallelism` calls at once.
 */
export function storageUpdateTests(getStorage: () => SessionStorage, parallelism: number): void {
  const now = Date.UTC(2031, 8, 3, 9, 15, 0, 789);
  const insert = async (overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> => {
    const record = sessionRecord(now, overrides);
    expect(await getStorage().createSession(record, openPolicy)).toEqual({ created: true, revokedSessionIds: [] });
    return record;
  };
  const rotation = (index: number): TokenRotation => ({
    accessDigest: randomDigest(),
    refreshDigest: randomDigest(),
    accessExpiresAt: new Date(now + 15 * MINUTE + index),
    refreshExpiresAt: new Date(now + 30 * DAY),
    expiresAt: new Date(now + 30 * DAY),
    lastUsedAt: new Date(now + index),
    lastIp: '192.0.2.20',
    lastUserAgent: 'Rotator/2.0',
    rotatedAt: new Date(now + index),
    replay: null,
  });

  describe('updateSession', () => {
    it('stores a label and an authenticatedAt given at creation exactly', async () => {
      const record = await insert({ label: 'Work laptop — “Ünïcødé” 💻', createdAt: new Date(now - 5000), authenticatedAt: new Date(now - 1) });
      expect(await getStorage().findSessionById(record.id)).toEqual(record);
      expect(await getStorage().findSessionByAccessDigest(record.accessDigest)).toEqual(record);
    });

    it('writes the label, the context and the re-authentication time, and nothing else', async () => {
      const record = await insert();
      const update = { label: 'Kitchen iPad', context: { twoFactor: true, device: 'iPad', list: [1, null] }, authenticatedAt: new Date(now + 7 * MINUTE + 3) };
      const expected = { ...record, ...update };
      expect(await getStorage().updateSession(record.id, update)).toEqual(expected);
      expect(await getStorage().findSessionById(record.id)).toEqual(expected);
      // The hot path sees the new context at once.
      expect(await getStorage().findSessionByAccessDigest(record.accessDigest)).toEqual(expected);
    });

    it('keeps each field the update leaves out, and clears the label with null', async () => {
      const record = await insert({ label: 'Phone' });
      expect(await getStorage().updateSession(record.id, { context: { step: 1 } })).toEqual({ ...record, context: { step: 1 } });
      const reauthenticatedAt = new Date(now + MINUTE);
      expect(await getStorage().updateSession(record.id, { authenticatedAt: reauthenticatedAt })).toEqual({
        ...record,
        context: { step: 1 },
        authenticatedAt: reauthenticatedAt,
      });
      expect(await getStorage().updateSession(record.id, { label: null })).toMatchObject({ label: null, context: { step: 1 }, authenticatedAt: reauthenticatedAt });
      expect(await getStorage().updateSession(record.id, {})).toEqual({ ...record, label: null, context: { step: 1 }, authenticatedAt: reauthenticatedAt });
    });

    it('returns null for an unknown id', async () => {
      expect(await getStorage().updateSession('no-such-session-id-xyz', { label: 'x' })).toBeNull();
    });

    it('with userId, updates only that user’s session', async () => {
      const record = await insert();
      expect(await getStorage().updateSession(record.id, { label: 'stolen' }, { userId: `${record.userId}-other` })).toBeNull();
      expect(await getStorage().findSessionById(record.id)).toEqual(record);
      expect(await getStorage().updateSession(record.id, { label: 'mine' }, { userId: record.userId })).toEqual({ ...record, label: 'mine' });
    });

    it('never writes to a revoked session, retained or deleted', async () => {
      const retained = await insert();
      await getStorage().revokeSession(retained.id, { at: new Date(now + 1), reason: 'logout', retain: true });
      const before = await getStorage().findSessionById(retained.id);
      expect(await getStorage().updateSession(retained.id, { label: 'after', context: { late: true } })).toBeNull();
      expect(await getStorage().findSessionById(retained.id)).toEqual(before);

      const deleted = await insert();
      await getStorage().revokeSession(deleted.id, { at: new Date(now + 1), reason: 'logout', retain: false });
      expect(await getStorage().updateSession(deleted.id, { label: 'after' })).toBeNull();
      expect(await getStorage().findSessionById(deleted.id)).toBeNull();
    });

    it('updates an expired session that is not revoked (expiry is core’s to judge)', async () => {
      const record = expiredSessionRecord(now, MINUTE);
      await getStorage().createSession(record, openPolicy);
      expect(await getStorage().updateSession(record.id, { label: 'old tablet' })).toEqual({ ...record, label: 'old tablet' });
    });

    it('shares no object with the caller', async () => {
      const record = await insert();
      const context = { nested: { value: 1 } };
      const returned = await getStorage().updateSession(record.id, { context });
      context.nested.value = 2;
      returned!.context.nested = 'changed';
      expect((await getStorage().findSessionById(record.id))?.context).toEqual({ nested: { value: 1 } });
    });
  });

  describe(`updateSession under concurrency (${parallelism} calls at once)`, () => {
    it('racing with rotateTokens: the rotation keeps its tokens, and the last update its fields', async () => {
      const record = await insert();
      const rotations = Array.from({ length: parallelism }, (_, index) => rotation(index));
      const labels = rotations.map((_, index) => `device ${index}`);
      const results = fulfilledValues(
        await inParallel(parallelism * 2, (index) =>
          index % 2 === 0
            ? getStorage().rotateTokens(record.id, record.refreshDigest!, rotations[index / 2]!)
            : getStorage().updateSession(record.id, { label: labels[(index - 1) / 2]!, context: { by: (index - 1) / 2 } }),
        ),
      );
      const rotated = results.filter((_, index) => index % 2 === 0 && results[index] !== null) as SessionRecord[];
      expect(rotated).toHaveLength(1);
      const updates = results.filter((_, index) => index % 2 === 1);
      expect(updates.every((result) => result !== null)).toBe(true);
      const stored = (await getStorage().findSessionById(record.id))!;
      expect(stored.refreshDigest).toBe(rotated[0]!.refreshDigest);
      expect(stored.accessDigest).toBe(rotated[0]!.accessDigest);
      expect(stored.lastUserAgent).toBe('Rotator/2.0');
      // Label and context come from one and the same update: no update was half-applied.
      const writer = labels.indexOf(stored.label!);
      expect(writer).toBeGreaterThanOrEqual(0);
      expect(stored.context).toEqual({ by: writer });
      expect(await getStorage().findSessionByAccessDigest(rotated[0]!.accessDigest)).toEqual(stored);
    });

    it('racing with revokeSession: no update lands after the revocation, and none brings the session back', async () => {
      for (const retain of [true, false]) {
        const record = await insert({ label: 'initial' });
        const labels = Array.from({ length: parallelism }, (_, index) => `late ${index}`);
        const revokeAt = Math.floor(parallelism / 2);
        const results = fulfilledValues(
          await inParallel(parallelism + 1, (index) =>
            index === revokeAt
              ? getStorage().revokeSession(record.id, { at: new Date(now + 1), reason: 'revoked', retain })
              : getStorage().updateSession(record.id, { label: labels[index > revokeAt ? index - 1 : index]! }),
          ),
        );
        expect(results[revokeAt]).not.toBeNull();
        const stored = await getStorage().findSessionById(record.id);
        if (!retain) {
          expect(stored).toBeNull();
          continue;
        }
        expect(stored?.revokedAt).toEqual(new Date(now + 1));
        // The retained record carries the state the revocation saw: the initial label or that of
        // an update that returned a session — never one of an update that returned null.
        const refused = results
          .map((result, index) => (index === revokeAt || result !== null ? null : labels[index > revokeAt ? index - 1 : index]))
          .filter((label) => label !== null);
        expect(refused).not.toContain(stored!.label);
        expect((results[revokeAt] as SessionRecord).label).toBe(stored!.label);
      }
    });
  });
}
