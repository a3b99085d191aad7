import { sql } from 'kysely';
import type { StorageDb } from '../schema/authentify-tables.js';
import type { DialectStrategy } from './dialect-strategy.js';

/**
 * SQLite has one writer at a time and no row locks. Kysely's `db.transaction()` issues a plain
 * `BEGIN`, which takes the write lock only at the first write: within one process that is enough
 * (Kysely's driver lends its single connection to one transaction at a time), but two processes
 * on one WAL file could both read, then one fails to upgrade with SQLITE_BUSY. `BEGIN IMMEDIATE`
 * takes the write lock up front — waiting up to the connection's busy timeout — so every
 * read-then-write here sees the latest data and runs alone, across processes too. The same lock
 * serialises the logins of one user, so no separate user lock is needed.
 */
export function createSqliteStrategy(): DialectStrategy {
  return {
    name: 'sqlite',
    rowLocks: false,
    transaction: immediateTransaction,
    userTransaction: (db, _userId, work) => immediateTransaction(db, work),
  };
}

async function immediateTransaction<T>(db: StorageDb, work: (trx: StorageDb) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    let result: T;
    try {
      result = await work(connection);
    } catch (error) {
      await rollback(connection);
      throw error;
    }
    try {
      await sql`commit`.execute(connection);
    } catch (error) {
      await rollback(connection);
      throw error;
    }
    return result;
  });
}

/** Rolls back if a transaction is still open; SQLite may already have rolled it back itself. */
async function rollback(connection: StorageDb): Promise<void> {
  try {
    await sql`rollback`.execute(connection);
  } catch {
    // "cannot rollback - no transaction is active": the error that brought us here ended it.
  }
}
