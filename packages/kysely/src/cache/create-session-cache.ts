import type { AccessDigestLookup } from '../operations/access-digest-lookup.js';
import type { ResolvedStorageOptions } from '../options/resolve-storage-options.js';
import { createAgeBoundedAccessLookup } from './age-bounded-access-lookup.js';
import { type CachedAccessLookup, createCachedAccessLookup } from './cached-access-lookup.js';
import { changeLogTableName } from './change-log-names.js';

/**
 * The session cache the options ask for, around `lookUp`: on SQLite the exact one that follows
 * the change log, on Postgres and MySQL the one bounded by age. `undefined` without `sessionCache`.
 */
export function createSessionCache<DB>(lookUp: AccessDigestLookup, resolved: ResolvedStorageOptions<DB>): CachedAccessLookup | undefined {
  const { sessionCache, sqliteDatabase, tables } = resolved;
  if (sessionCache === undefined) return undefined;
  if (sqliteDatabase !== undefined) {
    return createCachedAccessLookup(lookUp, sqliteDatabase, changeLogTableName(tables), sessionCache.maxEntries);
  }
  if (sessionCache.maxStalenessMs === undefined) return undefined; // not reached: the options are checked
  // Keyed by the application's Kysely instance: storages on it are this app instance's, and tell each other.
  return createAgeBoundedAccessLookup(lookUp, resolved.db, tables.sessions, {
    maxEntries: sessionCache.maxEntries,
    maxStalenessMs: sessionCache.maxStalenessMs,
  });
}
