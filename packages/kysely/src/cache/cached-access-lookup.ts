import type { AccessDigestLookup } from '../operations/access-digest-lookup.js';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import type { SessionCache } from './session-cache.js';
import { SqliteChangeFeed } from './sqlite-change-feed.js';

/**
 * Wraps `lookUp` in the SQLite session cache `cache`, kept in step with other connections
 * through the change log `logTable`. Before any answer from the cache it catches up with their
 * commits; a failure to do so is thrown, never answered around. While a transaction is open on
 * the connection the cache is bypassed: the lookup then waits for Kysely's connection, as it
 * does without a cache. Writes on this connection reach `cache` through the storages' drops.
 */
export function createCachedAccessLookup(lookUp: AccessDigestLookup, cache: SessionCache, database: SqliteDatabase, logTable: string): AccessDigestLookup {
  const feed = new SqliteChangeFeed(database, logTable);
  return async (accessDigest) => {
    if (database.inTransaction) return lookUp(accessDigest);
    feed.catchUp(cache);
    const cached = cache.get(accessDigest);
    if (cached !== undefined) return cached;
    const generation = cache.generation;
    const row = await lookUp(accessDigest);
    // Only found rows are kept: a miss stays a database lookup, so a new login is never hidden.
    if (row !== undefined) cache.set(accessDigest, row, generation);
    return row;
  };
}
