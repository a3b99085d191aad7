import { configurationError } from '@authentify/core';

/** The part of a better-sqlite3 `Database` the set-up helper uses. */
export interface SqlitePragmaDatabase {
  /** Runs `PRAGMA <source>`; with `{ simple: true }`, returns the first column of the first row. */
  pragma(source: string, options: { simple: true }): unknown;
}

/** What `configureSqlite` sets; every field is optional and has the recommended default. */
export interface ConfigureSqliteOptions {
  /** How long a connection waits for another's write lock before `SQLITE_BUSY`. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** How much of the file SQLite maps into memory (`mmap_size`). Default 256 MiB; 0 turns it off. */
  mmapSizeBytes?: number;
  /** The page cache of this connection (`cache_size`, as a negative KiB count). Default 64 MiB. */
  cacheSizeBytes?: number;
  /** What the -wal file is truncated back to after a checkpoint (`journal_size_limit`). Default 64 MiB. */
  journalSizeLimitBytes?: number;
}

/** The values SQLite reports after `configureSqlite`, read back rather than echoed. */
export interface SqliteSettings {
  /** `'wal'` on a file; `'memory'` on an in-memory database, which cannot use WAL. */
  journalMode: string;
  /** `1` is NORMAL. */
  synchronous: number;
  busyTimeoutMs: number;
  /** `0` where the build or platform does not support memory mapping. */
  mmapSizeBytes: number;
  /** `cache_size` as SQLite stores it: negative means KiB. */
  cacheSize: number;
  journalSizeLimitBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Applies the pragmas recommended for Authentify on SQLite to a better-sqlite3 `Database`:
 * `journal_mode=WAL` (readers never wait for the writer), `synchronous=NORMAL` (safe in WAL: a
 * power cut can lose the last commits, never corrupt the file), `busy_timeout`, `mmap_size`,
 * `cache_size` and `journal_size_limit` (so a -wal file grown by a long prune shrinks back).
 * Call it once, right after opening the connection, before any query. Options are checked
 * first: a wrong one throws `invalid_configuration` naming it, and nothing is set.
 *
 * @returns the values SQLite reports afterwards (an in-memory database stays in `'memory'` mode).
 * @example
 * ```ts
 * import SQLite from 'better-sqlite3';
 * import { Kysely, SqliteDialect } from 'kysely';
 * import { configureSqlite, createKyselySessionStorage } from '@authentify/kysely';
 *
 * const database = new SQLite('app.db');
 * configureSqlite(database); // WAL, synchronous=NORMAL, busy_timeout 5 s, mmap 256 MiB, …
 * const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
 * const storage = createKyselySessionStorage({ db, sqliteDatabase: database });
 * ```
 */
export function configureSqlite(database: SqlitePragmaDatabase, options: ConfigureSqliteOptions = {}): SqliteSettings {
  if (typeof database !== 'object' || database === null || typeof database.pragma !== 'function') {
    throw configurationError('database', 'must be a better-sqlite3 Database (new Database(file)).');
  }
  if (typeof options !== 'object' || options === null) {
    throw configurationError('options', 'must be an object, or left out for the defaults.');
  }
  const busyTimeoutMs = wholeNumber(options.busyTimeoutMs, 5_000, 'busyTimeoutMs');
  const mmapSizeBytes = wholeNumber(options.mmapSizeBytes, 256 * MiB, 'mmapSizeBytes');
  const cacheSizeBytes = wholeNumber(options.cacheSizeBytes, 64 * MiB, 'cacheSizeBytes');
  const journalSizeLimitBytes = wholeNumber(options.journalSizeLimitBytes, 64 * MiB, 'journalSizeLimitBytes');

  // busy_timeout first: switching to WAL needs a lock another process may hold for a moment.
  database.pragma(`busy_timeout = ${busyTimeoutMs}`, { simple: true });
  database.pragma('journal_mode = WAL', { simple: true });
  database.pragma('synchronous = NORMAL', { simple: true });
  database.pragma(`mmap_size = ${mmapSizeBytes}`, { simple: true });
  // Negative: a size in KiB, independent of the page size.
  database.pragma(`cache_size = ${-Math.ceil(cacheSizeBytes / 1024)}`, { simple: true });
  database.pragma(`journal_size_limit = ${journalSizeLimitBytes}`, { simple: true });

  return {
    journalMode: String(database.pragma('journal_mode', { simple: true })),
    synchronous: Number(database.pragma('synchronous', { simple: true })),
    busyTimeoutMs: Number(database.pragma('busy_timeout', { simple: true })),
    mmapSizeBytes: Number(database.pragma('mmap_size', { simple: true }) ?? 0),
    cacheSize: Number(database.pragma('cache_size', { simple: true })),
    journalSizeLimitBytes: Number(database.pragma('journal_size_limit', { simple: true })),
  };
}

/** `value` if a safe whole number ≥ 0, the default if undefined; anything else names the option. */
function wholeNumber(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw configurationError(name, `must be a whole number of at least 0, got ${String(value)}.`);
  }
  return value;
}
