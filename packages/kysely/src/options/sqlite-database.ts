/**
 * The part of a better-sqlite3 `Database` the storage uses, declared here so that the package
 * needs no driver types. A better-sqlite3 `Database` satisfies it as is.
 */
export interface SqliteDatabase {
  /** Compiles `sql` once into a statement that can run many times. */
  prepare(sql: string): SqliteStatement;
  /** `true` while a transaction is open on this connection. */
  readonly inTransaction: boolean;
}

/** The part of a better-sqlite3 `Statement` the storage uses. */
export interface SqliteStatement {
  /** Runs the statement with `parameters` and returns its first row, or `undefined` if none. */
  get(...parameters: unknown[]): unknown;
}
