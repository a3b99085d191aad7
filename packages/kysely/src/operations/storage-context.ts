import type { DialectStrategy } from '../dialects/dialect-strategy.js';
import type { StorageDb } from '../schema/authentify-tables.js';
import type { SqliteWrites } from './sqlite-writes.js';

/** What every storage operation works with. */
export interface StorageContext {
  /** The database, without the application's plugins, with the configured table names. */
  readonly db: StorageDb;
  readonly dialect: DialectStrategy;
  /** With `sqliteDatabase`: the login and refresh writes on prepared statements. */
  readonly sqliteWrites?: SqliteWrites;
}
