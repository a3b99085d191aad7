/**
 * The part of a better-sqlite3 `Database` the storage uses, declared here so that the package
 * needs no driver types. A better-sqlite3 `Database` satisfies it as is.
 */
export interface SqliteDatabase {
  /** Compiles `sql` once into a statement that can run many times. */
  prepare(sql: string): SqliteStatement;
  /**
   * Wraps `work` in a transaction function; its `immediate` variant runs `work` between
   * `BEGIN IMMEDIATE` and `COMMIT`, and rolls back if `work` throws.
   */
  transaction<Work extends SqliteWork>(work: Work): SqliteTransaction<Work>;
  /** `true` while a transaction is open on this connection. */
  readonly inTransaction: boolean;
  /** The file opened (`':memory:'` or `''` for none); used to checkpoint it from a worker during a prune. */
  readonly name?: string;
  /** `true` for an in-memory database, which has no WAL to checkpoint. */
  readonly memory?: boolean;
  /** Runs `PRAGMA <source>`; with `{ simple: true }`, returns the first column of the first row. */
  pragma?(source: string, options?: { simple?: boolean }): unknown;
}

/** The part of a better-sqlite3 `Statement` the storage uses. */
export interface SqliteStatement {
  /** Runs the statement with `parameters` and returns its first row, or `undefined` if none. */
  get(...parameters: unknown[]): unknown;
  /** Runs the statement with `parameters` and returns all its rows. */
  all(...parameters: unknown[]): unknown[];
  /** Runs a statement that returns no rows. */
  run(...parameters: unknown[]): unknown;
}

/** A function run as a transaction (better-sqlite3's own constraint, so its `Database` fits as is). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqliteWork = (...args: any[]) => unknown;

/** The parameters of `Work`, the way better-sqlite3 infers them. */
type WorkArguments<Work> = Work extends (...args: infer Arguments) => unknown ? Arguments : never;

/** The part of a better-sqlite3 transaction function the storage uses. */
export interface SqliteTransaction<Work extends SqliteWork> {
  /** Runs the work in a `BEGIN IMMEDIATE` transaction: the write lock is taken before the first read. */
  immediate(...args: WorkArguments<Work>): ReturnType<Work>;
}
