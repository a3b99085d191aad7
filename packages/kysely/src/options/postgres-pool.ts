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
}
