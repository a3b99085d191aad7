import type { CreateSessionOutcome, LoginPolicy, SessionRecord } from '@authentify/core';
import { toSessionRow } from '../schema/session-row.js';
import { endSessions } from './end-sessions.js';
import type { StorageContext } from './storage-context.js';

/**
 * Inserts a session under the login policy. Without single-login or a limit it is one insert.
 * Otherwise it runs under the user's lock: the user's live sessions are read (and locked), the
 * policy decides, the losers are ended and the new session inserted, all in one transaction — so
 * concurrent logins of one user see each other's results one after the other.
 */
export async function createSession(
  { db, dialect }: StorageContext,
  session: SessionRecord,
  policy: LoginPolicy,
): Promise<CreateSessionOutcome> {
  if (!policy.singleLogin && policy.sessionLimit === null) {
    await db.insertInto('authentify_sessions').values(toSessionRow(session)).execute();
    return { created: true, revokedSessionIds: [] };
  }
  return dialect.userTransaction(db, session.userId, async (trx) => {
    const now = session.createdAt.getTime();
    const live = await trx
      .selectFrom('authentify_sessions')
      .select(['id', 'created_at'])
      .where('user_id', '=', session.userId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .$if(dialect.rowLocks, (query) => query.forUpdate())
      .execute();
    const oldestFirst = live
      .map((row) => ({ id: row.id, createdAt: Number(row.created_at) }))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
      .map((row) => row.id);

    const toEnd = sessionsToEnd(oldestFirst, policy);
    if (toEnd === 'refuse') return { created: false, reason: 'session_limit_reached' };
    await endSessions(trx, toEnd, policy.revocation);
    await trx.insertInto('authentify_sessions').values(toSessionRow(session)).execute();
    return { created: true, revokedSessionIds: toEnd };
  });
}

/** The live sessions (oldest first) the policy ends to admit one more, or `'refuse'`. */
function sessionsToEnd(liveOldestFirst: string[], policy: LoginPolicy): string[] | 'refuse' {
  if (policy.singleLogin) return liveOldestFirst;
  if (policy.sessionLimit === null) return [];
  const excess = liveOldestFirst.length + 1 - policy.sessionLimit.max;
  if (excess <= 0) return [];
  if (policy.sessionLimit.onLimit === 'refuse') return 'refuse';
  return liveOldestFirst.slice(0, excess);
}
