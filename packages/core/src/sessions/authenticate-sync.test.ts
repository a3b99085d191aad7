import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import type { StorageFailureEvent } from '../diagnostics/storage-failure.js';
import type { SessionRecord } from '../storage/session-record.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import type { SessionStorage } from '../storage/session-storage.js';

/**
 * A storage that offers `findSessionByAccessDigestSync` is asked synchronously; its `undefined`
 * sends verification down the promise path, and its failures are storage failures, exactly as
 * the promise form's are.
 */
type SyncAnswer = (digest: string) => SessionRecord | null | undefined;

/** A memory storage's methods, with the lookups counted and the sync one replaceable. */
function countingStorage(syncAnswer?: (memory: MemorySessionStorage) => SyncAnswer) {
  const memory = new MemorySessionStorage();
  const calls = { sync: 0, promise: 0 };
  const storage: SessionStorage = {
    createSession: (session, policy) => memory.createSession(session, policy),
    findSessionByAccessDigest: (digest) => {
      calls.promise++;
      return memory.findSessionByAccessDigest(digest);
    },
    findSessionByRefreshDigest: (digest) => memory.findSessionByRefreshDigest(digest),
    findSessionById: (id) => memory.findSessionById(id),
    rotateTokens: (id, expected, rotation) => memory.rotateTokens(id, expected, rotation),
    findRefreshReplay: (digest, now) => memory.findRefreshReplay(digest, now),
    recordActivity: (id, digest, activity) => memory.recordActivity(id, digest, activity),
    updateSession: (id, update, options) => memory.updateSession(id, update, options),
    revokeSession: (id, revocation, options) => memory.revokeSession(id, revocation, options),
    revokeSessionsOfUser: (userId, revocation, options) => memory.revokeSessionsOfUser(userId, revocation, options),
    listSessionsOfUser: (userId, options) => memory.listSessionsOfUser(userId, options),
    deleteEndedSessions: (options) => memory.deleteEndedSessions(options),
    deleteExpiredRotatedTokens: (options) => memory.deleteExpiredRotatedTokens(options),
    deleteExpiredRefreshReplays: (options) => memory.deleteExpiredRefreshReplays(options),
    searchSessions: (filter, page) => memory.searchSessions(filter, page),
    countSessionsByState: (filter, now) => memory.countSessionsByState(filter, now),
    revokeMatchingSessions: (filter, revocation, options) => memory.revokeMatchingSessions(filter, revocation, options),
  };
  if (syncAnswer !== undefined) {
    const answer = syncAnswer(memory);
    storage.findSessionByAccessDigestSync = (digest) => {
      calls.sync++;
      return answer(digest);
    };
  }
  return { storage, calls };
}

const storageFailures: StorageFailureEvent[] = [];
const setup = (syncAnswer?: (memory: MemorySessionStorage) => SyncAnswer) => {
  const { storage, calls } = countingStorage(syncAnswer);
  const auth = createAuthentify({ storage, logger: false, hooks: { onStorageFailure: (event) => void storageFailures.push(event) } });
  return { auth, calls };
};

describe('synchronous verification', () => {
  it('asks the sync lookup and not the promise one, with the same results', async () => {
    const { auth, calls } = setup((memory) => (digest) => memory.findSessionByAccessDigestSync(digest));
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true, session: { id: issued.session.id } });
    expect(await auth.authenticateToken(issued.accessToken, 'cookie')).toMatchObject({ ok: false, reason: 'wrong_transport' });
    await auth.revokeSession(issued.session.id);
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(calls).toEqual({ sync: 3, promise: 0 });
  });

  it('takes the promise path when the sync lookup answers undefined ("not now")', async () => {
    const { auth, calls } = setup(() => () => undefined);
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(calls).toEqual({ sync: 1, promise: 1 });
  });

  it('takes the promise path for a storage without the sync lookup', async () => {
    const { auth, calls } = setup();
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    expect(calls).toEqual({ sync: 0, promise: 1 });
  });

  it('answers a throwing sync lookup as a storage failure — never anonymous, never allowed', async () => {
    const { auth, calls } = setup(() => () => {
      throw new Error('SQLITE_IOERR: disk I/O error');
    });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    storageFailures.length = 0;
    const failure = await auth.authenticateToken(issued.accessToken, 'header').catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'AuthentifyError', code: 'storage_unavailable', cause: { message: 'SQLITE_IOERR: disk I/O error' } });
    const viaRequest = await auth
      .authenticate({ header: (name: string) => (name === 'authorization' ? `Bearer ${issued.accessToken}` : null) })
      .catch((error: unknown) => error);
    expect(viaRequest).toMatchObject({ code: 'storage_unavailable' });
    expect(storageFailures.map((event) => event.operation)).toEqual(['findSessionByAccessDigest', 'findSessionByAccessDigest']);
    // Not retried on the promise path: a failure is a failure.
    expect(calls).toEqual({ sync: 2, promise: 0 });
  });

  it('awaits a sync lookup that breaks the contract with a promise, and maps its rejection the same way', async () => {
    let down = false;
    const { auth } = setup((memory) => ((digest: string) =>
      down ? Promise.reject(new Error('connect ECONNREFUSED')) : memory.findSessionByAccessDigest(digest)) as unknown as SyncAnswer);
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
    down = true;
    await expect(auth.authenticateToken(issued.accessToken, 'header')).rejects.toMatchObject({ code: 'storage_unavailable' });
  });

  it('is offered by the memory storage', async () => {
    const memory = new MemorySessionStorage();
    const auth = createAuthentify({ storage: memory });
    const issued = await auth.issueSession({ userId: 'alice', transport: 'header' });
    expect(memory.findSessionByAccessDigestSync('0'.repeat(64))).toBeNull();
    expect(await auth.authenticateToken(issued.accessToken, 'header')).toMatchObject({ ok: true });
  });
});
