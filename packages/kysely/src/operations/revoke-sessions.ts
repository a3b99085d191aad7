import type { Revocation, SessionRecord } from '@authentify/core';
import { toSessionRecord } from '../schema/session-row.js';
import { endSessions } from './end-sessions.js';
import type { StorageContext } from './storage-context.js';

/**
 * Ends one live session. The row is read with a row lock, so of concurrent revocations one
 * reads it live and ends it; the others wait, then read it revoked (or gone) and return `null`.
 * With `sqliteDatabase`, on prepared statements unless a transaction is open on the connection.
 */
export async function revokeSession(
  { db, dialect, sqliteWrites, postgresWrites }: StorageContext,
  sessionId: string,
  revocation: Revocation,
  options: { userId?: string },
): Promise<SessionRecord | null> {
  if (sqliteWrites?.available()) return sqliteWrites.revokeSession(sessionId, revocation, options);
  if (postgresWrites !== undefined) return postgresWrites.revokeSession(sessionId, revocation, options);
  return dialect.transaction(db, async (trx) => {
    const row = await trx
      .selectFrom('authentify_sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .$if(dialect.rowLocks, (query) => query.forUpdate())
      .executeTakeFirst();
    if (row === undefined || row.revoked_at !== null) return null;
    if (options.userId !== undefined && row.user_id !== options.userId) return null;
    await endSessions(trx, [row.id], revocation);
    return toSessionRecord(row);
  });
}

/**
 * Ends every unrevoked session of a user but `exceptSessionId`, under the user's lock (the one
 * logins take), so a concurrent login is either ended with the others or starts after them.
 * API keys stay unless `includeApiKeys` (a `NULL` kind is a session from before migration 0006).
 * With `sqliteDatabase`, on prepared statements unless a transaction is open on the connection.
 */
export async function revokeSessionsOfUser(
  { db, dialect, sqliteWrites, postgresWrites }: StorageContext,
  userId: string,
  revocation: Revocation,
  options: { exceptSessionId?: string; includeApiKeys?: boolean },
): Promise<string[]> {
  if (sqliteWrites?.available()) return sqliteWrites.revokeSessionsOfUser(userId, revocation, options);
  if (postgresWrites !== undefined) return postgresWrites.revokeSessionsOfUser(userId, revocation, options);
  return dialect.userTransaction(db, userId, async (trx) => {
    const rows = await trx
      .selectFrom('authentify_sessions')
      .select('id')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .$if(options.exceptSessionId !== undefined, (query) => query.where('id', '!=', options.exceptSessionId!))
      .$if(options.includeApiKeys !== true, (query) => query.where((eb) => eb.or([eb('kind', 'is', null), eb('kind', '!=', 'api_key')])))
      .$if(dialect.rowLocks, (query) => query.forUpdate())
      .execute();
    const ids = rows.map((row) => row.id);
    await endSessions(trx, ids, revocation);
    return ids;
  });
}
