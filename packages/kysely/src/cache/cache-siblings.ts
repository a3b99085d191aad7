import type { SessionCache } from './session-cache.js';

/** What a write through a storage tells the session caches of its process. */
export interface SessionCacheDrops {
  /** Drops the given sessions (a write changed them) from every cache it reaches. */
  dropSessions(sessionIds: Iterable<string>): void;
  /** Drops everything (a write changed sessions it cannot name). */
  dropAll(): void;
}

/**
 * The caches of the storages that share an owner (a better-sqlite3 connection, or the
 * application's Kysely instance) and a sessions table, in this process. A write through any
 * storage there, cached or not, must reach all these caches: nothing else would tell them (on
 * SQLite `data_version` only moves for other connections' commits; on Postgres and MySQL nothing
 * moves at all). Held weakly, so that a storage dropped by the application takes its cache along.
 */
const siblings = new WeakMap<object, Map<string, Set<WeakRef<SessionCache>>>>();

/**
 * Registers `cache` (when the storage has one) under every one of `owners` for `table`, and
 * returns the drops of a storage on them: each reaches every live cache registered under any of
 * the owners, once.
 */
export function joinSiblingCaches(owners: readonly object[], table: string, cache?: SessionCache): SessionCacheDrops {
  const groups = owners.map((owner) => {
    let byTable = siblings.get(owner);
    if (byTable === undefined) siblings.set(owner, (byTable = new Map()));
    let caches = byTable.get(table);
    if (caches === undefined) byTable.set(table, (caches = new Set()));
    if (cache !== undefined) caches.add(new WeakRef(cache));
    return caches;
  });
  const everyCache = (action: (cache: SessionCache) => void): void => {
    const reached = new Set<SessionCache>();
    for (const caches of groups) {
      for (const reference of caches) {
        const sibling = reference.deref();
        if (sibling === undefined) caches.delete(reference);
        else if (!reached.has(sibling)) {
          reached.add(sibling);
          action(sibling);
        }
      }
    }
  };
  return {
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
