/**
 * The part of a pg `Pool` the storage uses, declared here so that the package needs no driver
 * types. A pg `Pool` satisfies it as is.
 */
export interface PostgresPool {
  /**
   * Runs a query on any free connection. Given a `name`, pg prepares the statement once per
   * connection and afterwards only binds and executes it.
   */
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  /**
   * Checks out one connection, for a transaction: the writes (issue, refresh, revoke, activity)
   * then run as named statements too. Optional: without it they go through Kysely.
   */
  connect?(): Promise<PostgresClient>;
}

/** A connection checked out of a {@link PostgresPool}; a pg `PoolClient` satisfies it. */
export interface PostgresClient {
  /** Runs a plain query (`BEGIN`, `COMMIT`) or, given a `name`, a named prepared statement. */
  query(config: string | { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  /** Returns the connection to the pool; given an error, the pool discards it instead. */
  release(error?: Error | boolean): void;
}
