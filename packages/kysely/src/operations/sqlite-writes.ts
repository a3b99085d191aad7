import {
  constantTimeEqual,
  type CreateSessionOutcome,
  type LoginPolicy,
  type Revocation,
  type SessionActivity,
  type SessionRecord,
  sessionsToEnd,
  type TokenRotation,
} from '@authentify/core';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import { LIVE_SESSION_COLUMNS, type SessionRow, toExistingSession, toMillis, toSessionRecord, toSessionRow } from '../schema/session-row.js';
import { rotatedSession, rotatedTokenRow } from './rotate-tokens.js';
import type { SqliteStatements } from './sqlite-statements.js';

/**
 * The writes on better-sqlite3 directly: each one synchronous `BEGIN IMMEDIATE … COMMIT`
 * transaction on statements prepared once, instead of Kysely's driver, which prepares every query
 * anew and awaits between them. The transactions do what the Kysely operations do
 * (`createSession`, `rotateTokens`, `revokeSession`, `revokeSessionsOfUser`, `recordActivity`),
 * with the same lock: `BEGIN IMMEDIATE` takes the write lock before the first read, across
 * processes too.
 */
export interface SqliteWrites {
  /**
   * `false` while a transaction is open on the connection — the application's, or one of the
   * storage's own on the Kysely path: a statement run now would join it. The caller then goes
   * through Kysely, which waits until the connection is free.
   */
  available(): boolean;
  createSession(session: SessionRecord, policy: LoginPolicy): CreateSessionOutcome;
  rotateTokens(sessionId: string, expectedRefreshDigest: string, rotation: TokenRotation): SessionRecord | null;
  revokeSession(sessionId: string, revocation: Revocation, options: { userId?: string }): SessionRecord | null;
  revokeSessionsOfUser(userId: string, revocation: Revocation, options: { exceptSessionId?: string; includeApiKeys?: boolean }): string[];
  recordActivity(sessionId: string, accessDigest: string, activity: SessionActivity): boolean;
}

export function createSqliteWrites(database: SqliteDatabase, statements: SqliteStatements): SqliteWrites {

  const insertSession = (session: SessionRecord): void => {
    const row = toSessionRow(session);
    statements.insertSession(Object.keys(row)).run(row);
  };

  const createWithPolicy = database.transaction((session: SessionRecord, policy: LoginPolicy): CreateSessionOutcome => {
    const live = statements.liveSessionsOfUser.all({ userId: session.userId, now: session.createdAt.getTime() }) as Pick<
      SessionRow,
      (typeof LIVE_SESSION_COLUMNS)[number]
    >[];
    const decision = sessionsToEnd(live.map(toExistingSession), policy, session.createdAt);
    if (!decision.admit) return { created: false, reason: decision.reason };
    for (const id of decision.end) statements.endSession(id, policy.revocation);
    insertSession(session);
    return { created: true, revokedSessionIds: decision.end };
  });

  const rotate = database.transaction((sessionId: string, expectedRefreshDigest: string, rotation: TokenRotation): SessionRecord | null => {
    const row = statements.sessionById.get({ id: sessionId }) as SessionRow | undefined;
    if (row === undefined || row.revoked_at !== null || row.refresh_digest === null) return null;
    if (!constantTimeEqual(row.refresh_digest, expectedRefreshDigest)) return null;
    const updated = rotatedSession(row, rotation);
    statements.rotateSession.run({
      id: sessionId,
      accessDigest: updated.accessDigest,
      refreshDigest: updated.refreshDigest,
      accessExpiresAt: updated.accessExpiresAt?.getTime() ?? null,
      refreshExpiresAt: updated.refreshExpiresAt?.getTime() ?? null,
      expiresAt: updated.expiresAt?.getTime() ?? null,
      lastUsedAt: updated.lastUsedAt.getTime(),
      lastIp: updated.lastIp,
      lastUserAgent: updated.lastUserAgent,
    });
    statements.dropReplaysOf.run({ sessionId });
    statements.insertRotatedToken.run(rotatedTokenRow(row, row.refresh_digest, rotation));
    return updated;
  });

  const revoke = database.transaction((sessionId: string, revocation: Revocation, options: { userId?: string }): SessionRecord | null => {
    const row = statements.sessionById.get({ id: sessionId }) as SessionRow | undefined;
    if (row === undefined || row.revoked_at !== null) return null;
    if (options.userId !== undefined && row.user_id !== options.userId) return null;
    statements.endSession(row.id, revocation);
    return toSessionRecord(row);
  });

  // The write lock that `BEGIN IMMEDIATE` takes also serialises this with the user's logins.
  const revokeOfUser = database.transaction((userId: string, revocation: Revocation, options: { exceptSessionId?: string; includeApiKeys?: boolean }): string[] => {
    const rows = statements
      .unrevokedSessionsOfUser(options.exceptSessionId, options.includeApiKeys === true)
      .all({ userId, exceptSessionId: options.exceptSessionId }) as Pick<SessionRow, 'id'>[];
    const ids = rows.map((row) => row.id);
    for (const id of ids) statements.endSession(id, revocation);
    return ids;
  });

  const record = database.transaction((sessionId: string, accessDigest: string, activity: SessionActivity): boolean => {
    const row = statements.activityState.get({ id: sessionId }) as Pick<SessionRow, 'access_digest' | 'revoked_at' | 'last_used_at'> | undefined;
    if (row === undefined || row.revoked_at !== null || !constantTimeEqual(row.access_digest, accessDigest)) return false;
    if (Number(row.last_used_at) > activity.lastUsedAt.getTime()) return false;
    statements.writeActivity.run({
      id: sessionId,
      lastUsedAt: activity.lastUsedAt.getTime(),
      lastIp: activity.lastIp,
      lastUserAgent: activity.lastUserAgent,
      accessExpiresAt: toMillis(activity.accessExpiresAt),
      refreshExpiresAt: toMillis(activity.refreshExpiresAt),
      expiresAt: toMillis(activity.expiresAt),
    });
    return true;
  });

  return {
    available: () => !database.inTransaction,
    createSession(session, policy) {
      // Without single-login or a limit it is one insert, atomic by itself — as on the Kysely path.
      if (!policy.singleLogin && policy.sessionLimit === null) {
        insertSession(session);
        return { created: true, revokedSessionIds: [] };
      }
      return createWithPolicy.immediate(session, policy);
    },
    rotateTokens: (sessionId, expectedRefreshDigest, rotation) => rotate.immediate(sessionId, expectedRefreshDigest, rotation),
    revokeSession: (sessionId, revocation, options) => revoke.immediate(sessionId, revocation, options),
    revokeSessionsOfUser: (userId, revocation, options) => revokeOfUser.immediate(userId, revocation, options),
    recordActivity: (sessionId, accessDigest, activity) => record.immediate(sessionId, accessDigest, activity),
  };
}
