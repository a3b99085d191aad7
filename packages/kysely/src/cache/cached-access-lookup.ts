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

interface SharedCache {
  readonly cache: SessionCache;
  readonly feed: SqliteChangeFeed;
}

/**
 * One cache per SQLite connection and change log: storages created on the same connection and
 * tables share it, so a write through any of them is seen by all (`data_version` would not tell
 * them, since it only changes for other connections' commits).
 */
const shared = new WeakMap<SqliteDatabase, Map<string, SharedCache>>();

/**
 * Wraps `lookUp` in the session cache of `database` for the change log `logTable`. Before any
 * answer from the cache it catches up with other connections' commits; a failure to do so is
 * thrown, never answered around. While a transaction is open on the connection, the cache is
 * bypassed: the lookup then waits for Kysely's connection, as it does without a cache.
 */
export function createCachedAccessLookup(
  lookUp: AccessDigestLookup,
  database: SqliteDatabase,
  logTable: string,
  maxEntries: number,
): CachedAccessLookup {
  let caches = shared.get(database);
  if (caches === undefined) shared.set(database, (caches = new Map()));
  let entry = caches.get(logTable);
  if (entry === undefined) caches.set(logTable, (entry = { cache: new SessionCache(maxEntries), feed: new SqliteChangeFeed(database, logTable) }));
  const { cache, feed } = entry;

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
      for (const id of sessionIds) cache.drop(id);
    },
    dropAll() {
      cache.clear();
    },
  };
}
