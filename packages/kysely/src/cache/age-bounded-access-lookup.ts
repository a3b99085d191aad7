import type { AccessDigestLookup } from '../operations/access-digest-lookup.js';
import type { SessionRow } from '../schema/session-row.js';
import type { SessionCache } from './session-cache.js';

/** A monotonic clock in milliseconds: `performance.now()`, or a test's own. Never `Date`, which can jump. */
export type MonotonicClock = () => number;

/**
 * Wraps `lookUp` in the session cache `cache` for Postgres and MySQL, which have nothing as
 * cheap as SQLite's `data_version` to tell that another instance committed. Instead a row is
 * answered from memory only while its database read started at most `maxStalenessMs` ago (on
 * `clock`, `performance.now` by default): a commit by another instance is seen by every read
 * that starts after it, so a session revoked there is accepted here for less than
 * `maxStalenessMs` after that commit, never longer. The age counts from when the read STARTED,
 * since the database may have answered from a snapshot taken at any moment after that.
 *
 * Writes in this process reach `cache` through the storages' drops, so within the process
 * nothing is stale. Misses are not kept, and a failed lookup is thrown, never answered from
 * memory.
 */
export function createAgeBoundedAccessLookup(
  lookUp: AccessDigestLookup,
  cache: SessionCache,
  options: { maxStalenessMs: number; clock?: MonotonicClock },
): AccessDigestLookup {
  const { maxStalenessMs, clock = () => performance.now() } = options;
  return async (accessDigest) => {
    const startedAt = clock();
    const cached = cache.get(accessDigest, startedAt - maxStalenessMs);
    if (cached !== undefined) return cached;
    const generation = cache.generation;
    const row = await lookUp(accessDigest);
    // Only found rows are kept: a miss stays a database lookup, so a new login is never hidden.
    if (row !== undefined) cache.set(accessDigest, asJsonText(row), generation, startedAt);
    return row;
  };
}

/**
 * The row with its context as JSON text, as SQLite returns it. pg and mysql2 hand back a parsed
 * object, which every answer from memory would share; from text, each answer parses its own, so
 * a caller that changes what it got back changes nothing for the next.
 */
function asJsonText(row: SessionRow): SessionRow {
  return typeof row.context === 'string' ? row : { ...row, context: JSON.stringify(row.context) };
}
