import type { AccessDigestLookup } from '../operations/access-digest-lookup.js';
import type { ResolvedStorageOptions } from '../options/resolve-storage-options.js';
import { createAgeBoundedAccessLookup } from './age-bounded-access-lookup.js';
import { joinSiblingCaches, type SessionCacheDrops } from './cache-siblings.js';
import { createCachedAccessLookup } from './cached-access-lookup.js';
import { changeLogTableName } from './change-log-names.js';
import { SessionCache } from './session-cache.js';

/** A storage's part in the session caches of its process. */
export interface StorageSessionCache {
  /** The lookup through this storage's own cache; `undefined` without `sessionCache`. */
  lookUp: AccessDigestLookup | undefined;
  /** What this storage's writes drop, from its own cache and its siblings'. */
  drops: SessionCacheDrops;
}

/**
 * The session cache the options ask for, around `lookUp`: on SQLite the exact one that follows
 * the change log, on Postgres and MySQL the one bounded by age. Every storage, with a cache or
 * without, joins the caches of its connection (SQLite) and Kysely instance, so that its writes
 * reach them.
 */
export function createSessionCache<DB>(lookUp: AccessDigestLookup, resolved: ResolvedStorageOptions<DB>): StorageSessionCache {
  const { sessionCache, sqliteDatabase, tables } = resolved;
  const owners = sqliteDatabase === undefined ? [resolved.db] : [sqliteDatabase, resolved.db];
  if (sessionCache === undefined) return { lookUp: undefined, drops: joinSiblingCaches(owners, tables.sessions) };
  const cache = new SessionCache(sessionCache.maxEntries);
  const drops = joinSiblingCaches(owners, tables.sessions, cache);
  if (sqliteDatabase !== undefined) {
    return { lookUp: createCachedAccessLookup(lookUp, cache, sqliteDatabase, changeLogTableName(tables)), drops };
  }
  // The options are checked: without sqliteDatabase, sessionCache is only accepted on Postgres and MySQL, with maxStalenessMs.
  return { lookUp: createAgeBoundedAccessLookup(lookUp, cache, { maxStalenessMs: sessionCache.maxStalenessMs! }), drops };
}
