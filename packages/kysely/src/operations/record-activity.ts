import { constantTimeEqual, type SessionActivity } from '@authentify/core';
import { toMillis } from '../schema/session-row.js';
import type { StorageContext } from './storage-context.js';

/**
 * Writes a sliding extension or a last-used time, in one transaction: the row is read with a
 * row lock, its conditions checked (live, same access digest, not newer), then updated by id.
 * The decision never rests on an affected-row count, which on MySQL depends on driver flags.
 * With `sqliteDatabase`, the same transaction runs on prepared statements (`sqlite-writes.ts`)
 * unless a transaction is open on the connection.
 */
export async function recordActivity(
  { db, dialect, sqliteWrites, postgresWrites }: StorageContext,
  sessionId: string,
  accessDigest: string,
  activity: SessionActivity,
): Promise<boolean> {
  if (sqliteWrites?.available()) return sqliteWrites.recordActivity(sessionId, accessDigest, activity);
  if (postgresWrites !== undefined) return postgresWrites.recordActivity(sessionId, accessDigest, activity);
  return dialect.transaction(db, async (trx) => {
    const row = await trx
      .selectFrom('authentify_sessions')
      .select(['access_digest', 'revoked_at', 'last_used_at'])
      .where('id', '=', sessionId)
      .$if(dialect.rowLocks, (query) => query.forUpdate())
      .executeTakeFirst();
    if (row === undefined || row.revoked_at !== null || !constantTimeEqual(row.access_digest, accessDigest)) return false;
    if (Number(row.last_used_at) > activity.lastUsedAt.getTime()) return false;
    await trx
      .updateTable('authentify_sessions')
      .set({
        last_used_at: activity.lastUsedAt.getTime(),
        last_ip: activity.lastIp,
        last_user_agent: activity.lastUserAgent,
        access_expires_at: toMillis(activity.accessExpiresAt),
        refresh_expires_at: toMillis(activity.refreshExpiresAt),
        expires_at: toMillis(activity.expiresAt),
      })
      .where('id', '=', sessionId)
      .execute();
    return true;
  });
}
