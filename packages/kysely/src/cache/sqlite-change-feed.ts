import type { SqliteDatabase, SqliteStatement } from '../options/sqlite-database.js';
import type { SessionCache } from './session-cache.js';

/** More changes than this at once and the cache is dropped whole rather than id by id. */
const MAX_CHANGES_READ = 1_000;

/**
 * Keeps a {@link SessionCache} in step with the commits of OTHER connections to the same SQLite
 * file (other processes, or other connections in this one). `PRAGMA data_version` on the
 * storage's own connection changes exactly when another connection has committed; only then is
 * the change log of migration 0007 read, from the last sequence number seen, and the sessions it
 * names are dropped. Commits on this connection do not change `data_version`; they pass through
 * the storage, which drops what they touch itself.
 *
 * SQLite has one writer at a time, so log entries are numbered in commit order: everything
 * committed after a row was read has a number above every entry read before it. A gap in the
 * numbers (pruned entries this process never saw) or a burst larger than {@link MAX_CHANGES_READ}
 * drops the whole cache.
 */
export class SqliteChangeFeed {
  readonly #database: SqliteDatabase;
  readonly #logTable: string;
  #dataVersion: SqliteStatement | undefined;
  #changesSince: SqliteStatement | undefined;
  #latest: SqliteStatement | undefined;
  #lastVersion: number | undefined;
  #lastSeq = 0;

  constructor(database: SqliteDatabase, logTable: string) {
    this.#database = database;
    this.#logTable = logTable;
  }

  /**
   * Drops from `cache` whatever other connections changed since the last call. Throws when the
   * version or the log cannot be read (a storage failure: the caller must not answer from the
   * cache then); the next call tries again from the same point.
   */
  catchUp(cache: SessionCache): void {
    // Prepared on first use, so the storage can be created before the tables exist.
    this.#dataVersion ??= this.#database.prepare('PRAGMA data_version');
    const version = (this.#dataVersion.get() as { data_version: number }).data_version;
    if (version === this.#lastVersion) return;
    this.#changesSince ??= this.#database.prepare(
      `select seq, session_id from "${this.#logTable}" where seq > ? order by seq limit ${MAX_CHANGES_READ + 1}`,
    );
    if (this.#lastVersion === undefined) {
      // The first look: nothing is cached yet, so only the position in the log matters.
      cache.clear();
      this.#lastSeq = this.#latestSeq();
      this.#lastVersion = version;
      return;
    }
    const changes = this.#changesSince.all(this.#lastSeq) as { seq: number; session_id: string }[];
    const first = changes[0];
    if (first !== undefined && (first.seq !== this.#lastSeq + 1 || changes.length > MAX_CHANGES_READ)) {
      cache.clear();
      this.#lastSeq = this.#latestSeq();
    } else {
      for (const change of changes) cache.drop(change.session_id);
      if (changes.length > 0) this.#lastSeq = changes[changes.length - 1]!.seq;
    }
    this.#lastVersion = version;
  }

  /** The newest sequence number in the log; 0 while it is empty. */
  #latestSeq(): number {
    this.#latest ??= this.#database.prepare(`select coalesce(max(seq), 0) as seq from "${this.#logTable}"`);
    return (this.#latest.get() as { seq: number }).seq;
  }
}
