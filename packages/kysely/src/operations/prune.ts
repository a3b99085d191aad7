import { chunks, deleteSessions, IDS_PER_STATEMENT } from './end-sessions.js';
import type { StorageContext } from './storage-context.js';

/**
 * One bounded batch of the prune: in one transaction, lock up to `limit` sessions that ended at
 * or before the cutoff, then delete them with their rotated refresh digests. Selecting ids first
 * (rather than `DELETE … LIMIT`, which SQLite and Postgres lack, or `IN (SELECT … LIMIT)`, which
 * MySQL refuses) works the same on every dialect; the row locks keep a session from being
 * rotated between the two steps. Postgres and MySQL readers never wait for it; on SQLite's single
 * connection, a lookup arriving meanwhile waits for this one short transaction.
 *
 * With `sqliteDatabase`, the batch runs on prepared statements instead, bounded by time as well
 * (`sqlite-prune.ts`), unless a transaction is open on the connection.
 *
 * Expired and revoked sessions are found by two range scans, one per index, rather than one
 * `OR`, which SQLite and Postgres answer by scanning the table from its start — again on every
 * batch, through all the live rows, once the ended ones near the start are gone.
 */
export async function deleteEndedSessions(
  { db, dialect, sqlitePrune }: StorageContext,
  options: { endedBefore: Date; limit: number; userId?: string },
): Promise<number> {
  if (sqlitePrune?.available()) return sqlitePrune.deleteEndedSessions(options);
  const cutoff = options.endedBefore.getTime();
  return dialect.transaction(db, async (trx) => {
    const endedSessions = (limit: number) =>
      trx
        .selectFrom('authentify_sessions')
        .select('id')
        .$if(options.userId !== undefined, (query) => query.where('user_id', '=', options.userId!))
        .limit(limit)
        .$if(dialect.rowLocks, (query) => query.forUpdate());
    const expired = await endedSessions(options.limit).where('expires_at', '<=', cutoff).execute();
    const revoked =
      expired.length >= options.limit
        ? []
        : await endedSessions(options.limit - expired.length)
            .where('revoked_at', '<=', cutoff)
            // Disjoint from the first scan: revoked, but not expired by the cutoff.
            .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', cutoff)]))
            .execute();
    return deleteSessions(
      trx,
      [...expired, ...revoked].map((row) => row.id),
    );
  });
}

/**
 * One bounded batch of rotated refresh digests whose own expiry passed: select up to `limit`,
 * delete them. No transaction: the only later write to such a row is clearing its replay (which
 * ended seconds after the rotation, long before the token's own expiry), and the delete re-checks
 * the expiry, so a row that is not yet due is never removed.
 */
export async function deleteExpiredRotatedTokens(
  { db, sqlitePrune }: StorageContext,
  options: { expiredBefore: Date; limit: number },
): Promise<number> {
  if (sqlitePrune?.available()) return sqlitePrune.deleteExpiredRotatedTokens(options);
  const cutoff = options.expiredBefore.getTime();
  const rows = await db
    .selectFrom('authentify_rotated_refresh_tokens')
    .select('digest')
    .where('token_expires_at', '<=', cutoff)
    .limit(options.limit)
    .execute();
  let deleted = 0;
  for (const chunk of chunks(
    rows.map((row) => row.digest),
    IDS_PER_STATEMENT,
  )) {
    const result = await db
      .deleteFrom('authentify_rotated_refresh_tokens')
      .where('digest', 'in', chunk)
      .where('token_expires_at', '<=', cutoff)
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
