import { sql } from 'kysely';
import type { StorageDb } from '../schema/authentify-tables.js';
import type { DialectStrategy, DialectStrategySettings } from './dialect-strategy.js';
import { errorCode, retryOnDeadlock } from './retry-on-deadlock.js';

/**
 * MySQL and MariaDB (InnoDB): locking reads (`SELECT … FOR UPDATE`) always read the latest
 * committed row and lock it, whatever the isolation level, so no decision depends on affected-row
 * counts (which mysql2's FOUND_ROWS flag changes) or on `RETURNING` (which MySQL lacks).
 *
 * A user's logins are serialised with `GET_LOCK`, a named lock of the connection: taken before
 * the transaction begins and released after it ends, so every read inside sees what the previous
 * holder committed. A lock left by a connection that died is released by the server.
 */
export function createMysqlStrategy(settings: DialectStrategySettings): DialectStrategy {
  const transaction = <T>(db: StorageDb, work: (trx: StorageDb) => Promise<T>): Promise<T> =>
    retryOnDeadlock(() => db.transaction().execute(work), isDeadlock);
  const timeoutSeconds = Math.max(1, Math.ceil(settings.lockTimeoutMs / 1000));

  return {
    name: 'mysql',
    rowLocks: true,
    transaction,
    userTransaction: <T>(db: StorageDb, userId: string, work: (trx: StorageDb) => Promise<T>) =>
      db.connection().execute(async (connection) => {
        // Lock names are limited to 64 characters: hash the namespace and the user id.
        const name = sql`concat('authentify:', sha1(concat(${settings.lockNamespace}, ':', ${userId})))`;
        const { rows } = await sql<{ acquired: number | string | null }>`
          select get_lock(${name}, ${timeoutSeconds}) as acquired
        `.execute(connection);
        if (Number(rows[0]?.acquired) !== 1) {
          throw new Error(`Timed out after ${timeoutSeconds}s waiting for the per-user login lock (GET_LOCK).`);
        }
        const release = () => sql`select release_lock(${name})`.execute(connection);
        let result: T;
        try {
          result = await transaction(connection, work);
        } catch (error) {
          // The original failure matters more; a dead connection released the lock anyway.
          await release().catch(() => undefined);
          throw error;
        }
        await release();
        return result;
      }),
  };
}

function isDeadlock(error: unknown): boolean {
  return errorCode(error) === 'ER_LOCK_DEADLOCK';
}
