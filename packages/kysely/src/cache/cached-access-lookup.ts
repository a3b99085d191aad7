import type { AccessDigestLookup } from '../operations/access-digest-lookup.js';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import { SessionCache } from './session-cache.js';
import { SqliteChangeFeed } from './sqlite-change-feed.js';

/** The session cache as the storage uses it: the lookup, and what its writes must drop. */
export interface CachedAccessLookup {
  /** The access-digest lookup answered from the cache when it is up to date. Throws on a storage failure. */
  readonly lookUp: AccessDigestLookup;
  /** Drops the given sessions (a write changed them), in every storage on this connection and tables. */
  dropSessions(sessionIds: Iterable<string>): void;
  /** Drops everything (a write changed sessions it cannot name). */
  dropAll(): void;
}

/**
 * The caches of every storage on one SQLite connection, by change log: a write through any of
 * them must reach all (`data_version` would not tell them: it only moves for other connections'
 * commits). Held weakly, so that a storage dropped by the application takes its cache along.
 */
const siblings = new WeakMap<SqliteDatabase, Map<string, Set<WeakRef<SessionCache>>>>();

/**
 * Wraps `lookUp` in a session cache of at most `maxEntries` rows, kept in step with other
 * connections through the change log `logTable`. Before any answer from the cache it catches up
 * with their commits; a failure to do so is thrown, never answered around. While a transaction
 * is open on the connection the cache is bypassed: the lookup then waits for Kysely's
 * connection, as it does without a cache.
 */
export function createCachedAccessLookup(
  lookUp: AccessDigestLookup,
  database: SqliteDatabase,
  logTable: string,
  maxEntries: number,
): CachedAccessLookup {
  const cache = new SessionCache(maxEntries);
  const feed = new SqliteChangeFeed(database, logTable);
  let byLog = siblings.get(database);
  if (byLog === undefined) siblings.set(database, (byLog = new Map()));
  let caches = byLog.get(logTable);
  if (caches === undefined) byLog.set(logTable, (caches = new Set()));
  caches.add(new WeakRef(cache));
  const everyCache = (action: (cache: SessionCache) => void): void => {
    for (const reference of caches) {
      const sibling = reference.deref();
      if (sibling === undefined) caches.delete(reference);
      else action(sibling);
    }
  };

  return {
    async lookUp(accessDigest) {
      if (database.inTransaction) return lookUp(accessDigest);
      feed.catchUp(cache);
      const cached = cache.get(accessDigest);
      if (cached !== undefined) return cached;
      const generation = cache.generation;
      const row = await lookUp(accessDigest);
      // Only found rows are kept: a miss stays a database lookup, so a new login is never hidden.
      if (row !== undefined) cache.set(accessDigest, row, generation);
      return row;
    },
    dropSessions(sessionIds) {
      const ids = [...sessionIds];
      everyCache((sibling) => {
        for (const id of ids) sibling.drop(id);
      });
    },
    dropAll() {
      everyCache((sibling) => sibling.clear());
    },
  };
}
