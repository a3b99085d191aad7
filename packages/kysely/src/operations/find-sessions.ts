import type { RefreshTokenMatch, SessionRecord } from '@authentify/core';
import { toSessionRecord } from '../schema/session-row.js';
import type { StorageContext } from './storage-context.js';

export async function findSessionById({ db, sqliteReads }: StorageContext, sessionId: string): Promise<SessionRecord | null> {
  if (sqliteReads?.available()) return sqliteReads.findSessionById(sessionId);
  const row = await db.selectFrom('authentify_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  return row === undefined ? null : toSessionRecord(row);
}

/**
 * The current holder of a refresh digest, else the session that rotated it away. Two reads, in
 * this order: a rotation commits the new digest and the rotated record together, so a digest
 * that the first read no longer finds as current is found by the second as rotated.
 */
export async function findSessionByRefreshDigest(
  { db, sqliteReads }: StorageContext,
  refreshDigest: string,
): Promise<RefreshTokenMatch | null> {
  if (sqliteReads?.available()) return sqliteReads.findSessionByRefreshDigest(refreshDigest);
  const current = await db
    .selectFrom('authentify_sessions')
    .selectAll()
    .where('refresh_digest', '=', refreshDigest)
    .executeTakeFirst();
  if (current !== undefined) return { state: 'current', session: toSessionRecord(current) };

  const rotated = await db
    .selectFrom('authentify_rotated_refresh_tokens as rotated')
    .innerJoin('authentify_sessions as session', 'session.id', 'rotated.session_id')
    .selectAll('session')
    .select(['rotated.rotated_at', 'rotated.token_expires_at'])
    .where('rotated.digest', '=', refreshDigest)
    .executeTakeFirst();
  if (rotated === undefined) return null;
  const { rotated_at, token_expires_at, ...session } = rotated;
  return {
    state: 'rotated',
    session: toSessionRecord(session),
    rotatedAt: new Date(Number(rotated_at)),
    tokenExpiresAt: new Date(Number(token_expires_at)),
  };
}

/** Newest first (ties by id, descending); live only unless `includeEnded`. */
export async function listSessionsOfUser(
  { db }: StorageContext,
  userId: string,
  options: { now: Date; includeEnded: boolean },
): Promise<SessionRecord[]> {
  const now = options.now.getTime();
  const rows = await db
    .selectFrom('authentify_sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .$if(!options.includeEnded, (query) =>
      query
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])),
    )
    .execute();
  // Sorted here rather than by the database, whose string order depends on the column collation.
  return rows
    .map(toSessionRecord)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
}
