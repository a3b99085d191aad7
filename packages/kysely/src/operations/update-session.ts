import type { SessionRecord, SessionUpdate } from '@authentify/core';
import { toSessionRecord } from '../schema/session-row.js';
import type { StorageContext } from './storage-context.js';

/**
 * Writes a label, a context, a re-authentication time or an earlier end (a rolled API key), in
 * one transaction: the row is read
 * with a row lock (on SQLite the transaction holds the write lock), checked (live, the user's)
 * and only the given columns are written. A rotation or revocation of the same session waits for
 * the lock or is waited for, so neither overwrites the other's columns, and an update never
 * writes to a row that a revocation has ended.
 */
export async function updateSession(
  { db, dialect }: StorageContext,
  sessionId: string,
  update: SessionUpdate,
  options: { userId?: string },
): Promise<SessionRecord | null> {
  return dialect.transaction(db, async (trx) => {
    const row = await trx
      .selectFrom('authentify_sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .$if(dialect.rowLocks, (query) => query.forUpdate())
      .executeTakeFirst();
    if (row === undefined || row.revoked_at !== null) return null;
    if (options.userId !== undefined && row.user_id !== options.userId) return null;
    const columns = {
      ...(update.label === undefined ? {} : { label: update.label }),
      ...(update.context === undefined ? {} : { context: JSON.stringify(update.context) }),
      ...(update.authenticatedAt === undefined ? {} : { authenticated_at: update.authenticatedAt.getTime() }),
      ...(update.expiresAt === undefined
        ? {}
        : { access_expires_at: update.expiresAt.getTime(), expires_at: update.expiresAt.getTime(), absolute_expires_at: update.expiresAt.getTime() }),
    };
    const before = toSessionRecord(row);
    if (Object.keys(columns).length > 0) {
      await trx.updateTable('authentify_sessions').set(columns).where('id', '=', sessionId).execute();
    }
    return {
      ...before,
      ...(update.label === undefined ? {} : { label: update.label }),
      // Through JSON, like a read: the caller's object is not shared.
      ...(update.context === undefined ? {} : { context: JSON.parse(columns.context!) as SessionRecord['context'] }),
      ...(update.authenticatedAt === undefined ? {} : { authenticatedAt: new Date(update.authenticatedAt) }),
      ...(update.expiresAt === undefined
        ? {}
        : { accessExpiresAt: new Date(update.expiresAt), expiresAt: new Date(update.expiresAt), absoluteExpiresAt: new Date(update.expiresAt) }),
    };
  });
}
