import type { DiagnosticsReporter } from '../diagnostics/reporter.js';
import { AuthentifyError } from '../errors.js';
import type { SessionStorage } from './session-storage.js';

/**
 * Wraps a storage so that anything it throws reaches the application as one error:
 * `AuthentifyError` with code `storage_unavailable` and the original as `cause`. Adapters answer
 * it with 503; it is never mistaken for "no session" (anonymous) or for success. Each failure
 * also goes to `reporter` (the `onStorageFailure` hook and the logger), so that its cause reaches
 * the operator while clients see only the generic 503.
 */
export function guardStorage(storage: SessionStorage, reporter: DiagnosticsReporter): SessionStorage {
  const storageUnavailable = (method: string, error: unknown): AuthentifyError => {
    // Already reported by an inner guard (a storage wrapping a guarded storage): once is enough.
    if (error instanceof AuthentifyError && error.code === 'storage_unavailable') return error;
    const event = reporter.storageFailure(method, error);
    return new AuthentifyError('storage_unavailable', `Session storage failed in ${method}() (${event.code}): ${event.message}`, {
      cause: error,
    });
  };
  const call = async <T>(method: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw storageUnavailable(method, error);
    }
  };
  const guarded: SessionStorage = {
    createSession: (session, policy) => call('createSession', () => storage.createSession(session, policy)),
    // The hot path of every request: no closure, one async layer.
    async findSessionByAccessDigest(digest) {
      try {
        return await storage.findSessionByAccessDigest(digest);
      } catch (error) {
        throw storageUnavailable('findSessionByAccessDigest', error);
      }
    },
    findSessionByRefreshDigest: (digest) =>
      call('findSessionByRefreshDigest', () => storage.findSessionByRefreshDigest(digest)),
    findSessionById: (id) => call('findSessionById', () => storage.findSessionById(id)),
    rotateTokens: (id, expected, rotation) =>
      call('rotateTokens', () => storage.rotateTokens(id, expected, rotation)),
    findRefreshReplay: (digest, now) => call('findRefreshReplay', () => storage.findRefreshReplay(digest, now)),
    recordActivity: (id, digest, activity) =>
      call('recordActivity', () => storage.recordActivity(id, digest, activity)),
    updateSession: (id, update, options) => call('updateSession', () => storage.updateSession(id, update, options)),
    revokeSession: (id, revocation, options) =>
      call('revokeSession', () => storage.revokeSession(id, revocation, options)),
    revokeSessionsOfUser: (userId, revocation, options) =>
      call('revokeSessionsOfUser', () => storage.revokeSessionsOfUser(userId, revocation, options)),
    listSessionsOfUser: (userId, options) =>
      call('listSessionsOfUser', () => storage.listSessionsOfUser(userId, options)),
    deleteEndedSessions: (options) => call('deleteEndedSessions', () => storage.deleteEndedSessions(options)),
    deleteExpiredRotatedTokens: (options) =>
      call('deleteExpiredRotatedTokens', () => storage.deleteExpiredRotatedTokens(options)),
    deleteExpiredRefreshReplays: (options) =>
      call('deleteExpiredRefreshReplays', () => storage.deleteExpiredRefreshReplays(options)),
    searchSessions: (filter, page) => call('searchSessions', () => storage.searchSessions(filter, page)),
    countSessionsByState: (filter, now) => call('countSessionsByState', () => storage.countSessionsByState(filter, now)),
    revokeMatchingSessions: (filter, revocation, options) =>
      call('revokeMatchingSessions', () => storage.revokeMatchingSessions(filter, revocation, options)),
  };
  if (storage.beginPrune !== undefined) {
    guarded.beginPrune = async () => {
      const scope = await call('beginPrune', () => storage.beginPrune!());
      return {
        ...(scope.beforeBatch === undefined ? {} : { beforeBatch: () => call('beginPrune', () => scope.beforeBatch!()) }),
        end: () => call('beginPrune', () => scope.end()),
      };
    };
  }
  // Offered only when the storage offers it, so core's choice of path stays the storage's.
  if (storage.findSessionByAccessDigestSync !== undefined) {
    guarded.findSessionByAccessDigestSync = (digest) => {
      let found;
      try {
        found = storage.findSessionByAccessDigestSync!(digest);
      } catch (error) {
        throw storageUnavailable('findSessionByAccessDigest', error);
      }
      // A wrapper that turns every method into a promise (a Proxy, say) breaks the contract; its
      // promise is still awaited by core, and its failure still becomes `storage_unavailable`.
      if (isPromiseLike(found)) return found.then(undefined, (error: unknown) => Promise.reject(storageUnavailable('findSessionByAccessDigest', error))) as never;
      return found;
    };
  }
  return guarded;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}
