import type { AccessDigestLookup } from '../operations/access-digest-lookup.js';
import type { SessionRow } from '../schema/session-row.js';
import type { CachedAccessLookup } from './cached-access-lookup.js';
import { joinSiblingCaches } from './cache-siblings.js';
import { SessionCache } from './session-cache.js';

/**
 * The row with its context as JSON text, as SQLite returns it. pg and mysql2 hand back a parsed
 * object, which every answer from memory would share; from text, each answer parses its own, so
 * a caller that changes what it got back changes nothing for the next.
 */
function asJsonText(row: SessionRow): SessionRow {
  return typeof row.context === 'string' ? row : { ...row, context: JSON.stringify(row.context) };
}

/** A monotonic clock in milliseconds: `performance.now()`, or a test's own. Never `Date`, which can jump. */
export type MonotonicClock = () => number;

/** How the Postgres and MySQL session cache is set up. */
export interface AgeBoundedCacheOptions {
  /** The most rows kept; the least recently used go first. */
  maxEntries: number;
  /** A row whose read started longer ago than this is read again rather than answered from memory. */
  maxStalenessMs: number;
  /** Where the age is measured. [`performance.now`] */
  clock?: MonotonicClock;
}

/**
 * Wraps `lookUp` in a session cache for Postgres and MySQL, which have nothing as cheap as
 * SQLite's `data_version` to tell that another instance committed. Instead every row is answered
 * from memory only while its database read started at most `maxStalenessMs` ago: a commit by
 * another instance is seen by every read that starts after it, so a session revoked there is
 * accepted here for less than `maxStalenessMs` after that commit, never longer. The age is taken
 * from when the read STARTED, since the database may have answered from a snapshot taken at any
 * moment after it.
 *
 * Writes through the storages on `owner` (the application's Kysely instance) and `table` in this
 * process drop what they change from all their caches at once, so within the process nothing
 * is stale. Misses are not kept, and a failed lookup is thrown, never answered from memory.
 */
export function createAgeBoundedAccessLookup(
  lookUp: AccessDigestLookup,
  owner: object,
  table: string,
  options: AgeBoundedCacheOptions,
): CachedAccessLookup {
  const { maxStalenessMs, clock = () => performance.now() } = options;
  const cache = new SessionCache(options.maxEntries);
  const everyCache = joinSiblingCaches(owner, table, cache);

  return {
    async lookUp(accessDigest) {
      const startedAt = clock();
      const cached = cache.get(accessDigest, startedAt - maxStalenessMs);
      if (cached !== undefined) return cached;
      const generation = cache.generation;
      const row = await lookUp(accessDigest);
      // Only found rows are kept: a miss stays a database lookup, so a new login is never hidden.
      if (row !== undefined) cache.set(accessDigest, asJsonText(row), generation, startedAt);
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
