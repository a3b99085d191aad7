import type { DialectStrategy } from '../dialects/dialect-strategy.js';
import type { StorageDb } from '../schema/authentify-tables.js';
import type { PostgresWrites } from './postgres-writes.js';
import type { SqlitePrune } from './sqlite-prune.js';
import type { SqliteReads } from './sqlite-reads.js';
import type { SqliteWrites } from './sqlite-writes.js';

/** What every storage operation works with. */
export interface StorageContext {
  /** The database, without the application's plugins, with the configured table names. */
  readonly db: StorageDb;
  readonly dialect: DialectStrategy;
  /** With `sqliteDatabase`: the writes on prepared statements (login, refresh, revoke, activity). */
  readonly sqliteWrites?: SqliteWrites;
  /** With `sqliteDatabase`: the reads of the refresh path on prepared statements. */
  readonly sqliteReads?: SqliteReads;
  /** With `sqliteDatabase`: the prune's batches, synchronous and bounded by time. */
  readonly sqlitePrune?: SqlitePrune;
  /** With a `postgresPool` that can `connect()`: the writes as named statements. */
  readonly postgresWrites?: PostgresWrites;
}
