import type { AccessDigestLookup } from '../operations/access-digest-lookup.js';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import { joinSiblingCaches } from './cache-siblings.js';
import { SessionCache } from './session-cache.js';
import { SqliteChangeFeed } from './sqlite-change-feed.js';

/** The session cache as the storage uses it: the lookup, and what its writes must drop. */
export interface CachedAccessLookup {
  /** The access-digest lookup answered from the cache when it is up to date. Throws on a storage failure. */
  readonly lookUp: AccessDigestLookup;
  /** Drops the given sessions (a write changed them), in every storage on this connection (or Kysely instance) and tables. */
  dropSessions(sessionIds: Iterable<string>): void;
  /** Drops everything (a write changed sessions it cannot name). */
  dropAll(): void;
}

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
  // `data_version` only moves for other connections' commits: storages on this one are told directly.
  const everyCache = joinSiblingCaches(database, logTable, cache);

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
