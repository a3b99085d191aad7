import type { SessionRow } from '../schema/session-row.js';

/**
 * Session rows by access digest, at most `maxEntries`, least recently used out first. It caches
 * rows, never verdicts: core checks expiry, revocation and transport on every answer, against
 * its clock. Rows are dropped from outside (by session id, or all at once) when a write changed
 * them, and on Postgres and MySQL also when asked for after they grew too old (see `get`);
 * {@link generation} lets a lookup that read the database before a drop refuse to store what it
 * read.
 */
export class SessionCache {
  readonly #maxEntries: number;
  /** Each row with when its database read started (a monotonic time in ms; 0 where age does not matter). */
  readonly #rows = new Map<string, { row: SessionRow; readAt: number }>();
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

  /**
   * The row cached for `accessDigest`, made the most recently used; `undefined` when none, or when
   * its read started before `readSince` (that row is forgotten: it is too old to answer from).
   */
  get(accessDigest: string, readSince = Number.NEGATIVE_INFINITY): SessionRow | undefined {
    const entry = this.#rows.get(accessDigest);
    if (entry === undefined) return undefined;
    // Deleting, then re-inserting moves the key to the end of the Map's order, which is the LRU order.
    this.#rows.delete(accessDigest);
    if (entry.readAt < readSince) {
      this.#digestById.delete(entry.row.id);
      return undefined;
    }
    this.#rows.set(accessDigest, entry);
    return entry.row;
  }

  /**
   * Stores `row`, read while the cache was at `generation`, by a read that started at `readAt`;
   * does nothing if a drop came since.
   */
  set(accessDigest: string, row: SessionRow, generation: number, readAt = 0): void {
    if (generation !== this.#generation) return;
    this.drop(row.id, false);
    this.#rows.set(accessDigest, { row, readAt });
    this.#digestById.set(row.id, accessDigest);
    if (this.#rows.size > this.#maxEntries) {
      const oldest = this.#rows.keys().next().value as string;
      const evicted = this.#rows.get(oldest)!;
      this.#rows.delete(oldest);
      this.#digestById.delete(evicted.row.id);
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
