import type { SessionCache } from './session-cache.js';

/**
 * The caches of every storage that shares one owner (a SQLite connection, or a Kysely instance on
 * Postgres or MySQL) and one sessions table, in this process: a write through any of those
 * storages must reach all their caches, since nothing else would tell them. Held weakly, so that
 * a storage dropped by the application takes its cache along.
 */
const siblings = new WeakMap<object, Map<string, Set<WeakRef<SessionCache>>>>();

/** Registers `cache` under `owner` and `table`; returns a function that runs an action on every live cache there. */
export function joinSiblingCaches(owner: object, table: string, cache: SessionCache): (action: (cache: SessionCache) => void) => void {
  let byTable = siblings.get(owner);
  if (byTable === undefined) siblings.set(owner, (byTable = new Map()));
  let caches = byTable.get(table);
  if (caches === undefined) byTable.set(table, (caches = new Set()));
  caches.add(new WeakRef(cache));
  const members = caches;
  return (action) => {
    for (const reference of members) {
      const sibling = reference.deref();
      if (sibling === undefined) members.delete(reference);
      else action(sibling);
    }
  };
}
