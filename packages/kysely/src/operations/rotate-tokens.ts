import { constantTimeEqual, type SessionRecord, type TokenRotation } from '@authentify/core';
import type { Insertable } from 'kysely';
import type { RotatedRefreshTokensTable } from '../schema/authentify-tables.js';
import { type SessionRow, toMillis, toSessionRecord } from '../schema/session-row.js';
import { dropReplaysOf } from './end-sessions.js';
import type { StorageContext } from './storage-context.js';

/**
 * The refresh compare-and-swap, in one transaction: the session row is read with a row lock
 * (`FOR UPDATE`; on SQLite the transaction holds the write lock), compared, updated, the replay
 * an earlier rotation kept dropped, and the replaced refresh digest recorded with this
 * rotation's replay. A concurrent rotation of the same session waits for the lock and then reads
 * the new digest, so its comparison fails: exactly one wins, and by the time a loser's call
 * returns, the winner's replay is committed. With `sqliteDatabase`, the same transaction runs on
 * prepared statements (`sqlite-writes.ts`) unless a transaction is open on the connection.
 */
export async function rotateTokens(
  { db, dialect, sqliteWrites, postgresWrites }: StorageContext,
  sessionId: string,
  expectedRefreshDigest: string,
  rotation: TokenRotation,
): Promise<SessionRecord | null> {
  if (postgresWrites !== undefined) return postgresWrites.rotateTokens(sessionId, expectedRefreshDigest, rotation);
  if (sqliteWrites?.available()) return sqliteWrites.rotateTokens(sessionId, expectedRefreshDigest, rotation);
  return dialect.transaction(db, async (trx) => {
    const row = await trx
      .selectFrom('authentify_sessions')
      .selectAll()
      .where('id', '=', sessionId)
      .$if(dialect.rowLocks, (query) => query.forUpdate())
      .executeTakeFirst();
    if (row === undefined || row.revoked_at !== null || row.refresh_digest === null) return null;
    if (!constantTimeEqual(row.refresh_digest, expectedRefreshDigest)) return null;

    const updated = rotatedSession(row, rotation);
    await trx
      .updateTable('authentify_sessions')
      .set({
        access_digest: updated.accessDigest,
        refresh_digest: updated.refreshDigest,
        access_expires_at: toMillis(updated.accessExpiresAt),
        refresh_expires_at: toMillis(updated.refreshExpiresAt),
        expires_at: toMillis(updated.expiresAt),
        last_used_at: updated.lastUsedAt.getTime(),
        last_ip: updated.lastIp,
        last_user_agent: updated.lastUserAgent,
      })
      .where('id', '=', sessionId)
      .execute();
    await dropReplaysOf(trx, [sessionId]);
    await trx
      .insertInto('authentify_rotated_refresh_tokens')
      .values(rotatedTokenRow(row, row.refresh_digest, rotation))
      .execute();
    return updated;
  });
}

/** The session `row` stores, after `rotation`. */
export function rotatedSession(row: SessionRow, rotation: TokenRotation): SessionRecord {
  return {
    ...toSessionRecord(row),
    accessDigest: rotation.accessDigest,
    refreshDigest: rotation.refreshDigest,
    accessExpiresAt: copyDate(rotation.accessExpiresAt),
    refreshExpiresAt: new Date(rotation.refreshExpiresAt),
    expiresAt: copyDate(rotation.expiresAt),
    lastUsedAt: new Date(rotation.lastUsedAt),
    lastIp: rotation.lastIp,
    lastUserAgent: rotation.lastUserAgent,
  };
}

/** The row remembering `replacedDigest`, the refresh digest of `row` that `rotation` replaces, with its replay. */
export function rotatedTokenRow(row: SessionRow, replacedDigest: string, rotation: TokenRotation): Insertable<RotatedRefreshTokensTable> {
  return {
    digest: replacedDigest,
    session_id: row.id,
    rotated_at: rotation.rotatedAt.getTime(),
    // A current refresh digest always has an expiry (SessionRecord.refreshExpiresAt).
    token_expires_at: row.refresh_expires_at === null ? rotation.rotatedAt.getTime() : Number(row.refresh_expires_at),
    sealed_replay: rotation.replay?.sealed ?? null,
    replay_expires_at: rotation.replay?.expiresAt.getTime() ?? null,
  };
}

function copyDate(date: Date | null): Date | null {
  return date === null ? null : new Date(date);
}
