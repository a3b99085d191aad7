import type { SessionRow } from '../schema/session-row.js';

/**
 * Session rows by access digest, at most `maxEntries`, least recently used out first. It caches
 * rows, never verdicts: core checks expiry, revocation and transport on every answer, against
 * its clock. Rows are only ever dropped from outside (by session id, or all at once) when a
 * write changed them; {@link generation} lets a lookup that read the database before such a drop
 * refuse to store what it read.
 */
export class SessionCache {
  readonly #maxEntries: number;
  readonly #rows = new Map<string, SessionRow>();
  readonly #digestById = new Map<string, string>();
  #generation = 0;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  /** Bumped by every drop: a row read before it may be stale and must not be stored. */
  get generation(): number {
    return this.#generation;
  }

  /** How many rows are held. */
  get size(): number {
    return this.#rows.size;
  }

  /** The row cached for `accessDigest`, made the most recently used; `undefined` when none. */
  get(accessDigest: string): SessionRow | undefined {
    const row = this.#rows.get(accessDigest);
    if (row === undefined) return undefined;
    // Re-inserting moves the key to the end of the Map's order, which is the LRU order.
    this.#rows.delete(accessDigest);
    this.#rows.set(accessDigest, row);
    return row;
  }

  /** Stores `row`, read while the cache was at `generation`; does nothing if a drop came since. */
  set(accessDigest: string, row: SessionRow, generation: number): void {
    if (generation !== this.#generation) return;
    this.drop(row.id, false);
    this.#rows.set(accessDigest, row);
    this.#digestById.set(row.id, accessDigest);
    if (this.#rows.size > this.#maxEntries) {
      const oldest = this.#rows.keys().next().value as string;
      const evicted = this.#rows.get(oldest)!;
      this.#rows.delete(oldest);
      this.#digestById.delete(evicted.id);
    }
  }

  /** Drops the row of session `sessionId`, whatever digest it was cached under. */
  drop(sessionId: string, bump = true): void {
    if (bump) this.#generation++;
    const digest = this.#digestById.get(sessionId);
    if (digest === undefined) return;
    this.#digestById.delete(sessionId);
    this.#rows.delete(digest);
  }

  /** Drops every row: for writes whose affected sessions are not known. */
  clear(): void {
    this.#generation++;
    this.#rows.clear();
    this.#digestById.clear();
  }
}
