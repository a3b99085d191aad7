import { type CreateSessionOutcome, type LoginPolicy, type SessionRecord, sessionsToEnd } from '@authentify/core';
import { LIVE_SESSION_COLUMNS, toExistingSession, toSessionRow } from '../schema/session-row.js';
import { endSessions } from './end-sessions.js';
import type { StorageContext } from './storage-context.js';

/**
 * Inserts a session under the login policy. Without single-login or a limit it is one insert.
 * Otherwise it runs under the user's lock: the user's live sessions are read (and locked), core's
 * `sessionsToEnd` decides, the losers are ended and the new session inserted, all in one
 * transaction — so concurrent logins of one user see each other's results one after the other.
 * The query narrows to live rows only so as to lock no more rows than it must; the decision,
 * liveness and order included, is core's. With `sqliteDatabase`, the same runs on prepared
 * statements (`sqlite-writes.ts`) unless a transaction is open on the connection.
 */
export async function createSession(
  { db, dialect, sqliteWrites, postgresWrites }: StorageContext,
  session: SessionRecord,
  policy: LoginPolicy,
): Promise<CreateSessionOutcome> {
  if (postgresWrites !== undefined) return postgresWrites.createSession(session, policy);
  if (sqliteWrites?.available()) return sqliteWrites.createSession(session, policy);
  if (!policy.singleLogin && policy.sessionLimit === null) {
    await db.insertInto('authentify_sessions').values(toSessionRow(session)).execute();
    return { created: true, revokedSessionIds: [] };
  }
  return dialect.userTransaction(db, session.userId, async (trx) => {
    const now = session.createdAt.getTime();
    const live = await trx
      .selectFrom('authentify_sessions')
      .select(LIVE_SESSION_COLUMNS)
      .where('user_id', '=', session.userId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .$if(dialect.rowLocks, (query) => query.forUpdate())
      .execute();
    const decision = sessionsToEnd(live.map(toExistingSession), policy, session.createdAt);
    if (!decision.admit) return { created: false, reason: decision.reason };
    const toEnd = decision.end;
    await endSessions(trx, toEnd, policy.revocation);
    await trx.insertInto('authentify_sessions').values(toSessionRow(session)).execute();
    return { created: true, revokedSessionIds: toEnd };
  });
}
