import type { StorageDb } from '../schema/authentify-tables.js';
import type { KyselyDialectName } from './dialect-name.js';

/**
 * What the storage needs from a database beyond portable SQL: how to run a transaction in which
 * a read-then-write is atomic, and how to serialise the logins of one user. Every atomic
 * operation of the storage is "read under a lock, decide, write" inside one of these.
 */
export interface DialectStrategy {
  /** The database this strategy is for. */
  readonly name: KyselyDialectName;

  /**
   * Whether `SELECT … FOR UPDATE` exists. Where it does, atomic operations lock the rows they
   * read; where it does not (SQLite), the transaction holds the database's write lock from its
   * first statement instead, which excludes every other writer.
   */
  readonly rowLocks: boolean;

  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. Rows
   * read with `FOR UPDATE` stay locked until then, and every read sees the latest committed
   * data. A deadlock chosen by the database is retried a few times before it is thrown.
   */
  transaction<T>(db: StorageDb, work: (trx: StorageDb) => Promise<T>): Promise<T>;

  /**
   * Like {@link transaction}, holding `userId`'s lock from before the first read to after the
   * commit: two of these for one user never overlap, so a read of the user's sessions cannot miss
   * one being inserted concurrently. Throws when the lock is not granted within the lock timeout.
   */
  userTransaction<T>(db: StorageDb, userId: string, work: (trx: StorageDb) => Promise<T>): Promise<T>;
}

/** Settings shared by the strategies. */
export interface DialectStrategySettings {
  /** Distinguishes this storage's user locks from others' (the sessions table name). */
  lockNamespace: string;
  /** How long a user transaction waits for its user's lock, in milliseconds. */
  lockTimeoutMs: number;
}
