import { sql } from 'kysely';
import type { StorageDb } from '../schema/authentify-tables.js';
import type { DialectStrategy, DialectStrategySettings } from './dialect-strategy.js';
import { errorCode, retryOnDeadlock } from './retry-on-deadlock.js';

/**
 * Postgres: READ COMMITTED transactions (set explicitly, whatever the server's default), so that
 * each statement — in particular a `SELECT … FOR UPDATE` after a lock wait — sees the latest
 * committed data. A user's logins are serialised by a transaction-scoped advisory lock on
 * `(hashtext(sessions table), hashtext(user id))`; the two-key form never collides with an
 * application's one-key advisory locks, and a hash collision only makes two users wait for each
 * other. The lock wait is bounded with a transaction-local `lock_timeout`, in the same round trip.
 */
export function createPostgresStrategy(settings: DialectStrategySettings): DialectStrategy {
  const transaction = <T>(db: StorageDb, work: (trx: StorageDb) => Promise<T>): Promise<T> =>
    retryOnDeadlock(() => db.transaction().setIsolationLevel('read committed').execute(work), isDeadlock);

  return {
    name: 'postgres',
    rowLocks: true,
    transaction,
    userTransaction: (db, userId, work) =>
      transaction(db, async (trx) => {
        // A CTE with a volatile function is evaluated first, so the timeout applies to the lock.
        await sql`
          with timeout as (select set_config('lock_timeout', ${`${settings.lockTimeoutMs}ms`}, true))
          select pg_advisory_xact_lock(hashtext(${settings.lockNamespace}), hashtext(${userId})) from timeout
        `.execute(trx);
        return work(trx);
      }),
  };
}

/** Deadlock detected, or a serialisation failure under a stricter isolation level. */
export function isDeadlock(error: unknown): boolean {
  const code = errorCode(error);
  return code === '40P01' || code === '40001';
}
