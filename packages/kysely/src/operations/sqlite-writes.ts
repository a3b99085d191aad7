import {
  constantTimeEqual,
  type CreateSessionOutcome,
  type LoginPolicy,
  type Revocation,
  type SessionRecord,
  sessionsToEnd,
  type TokenRotation,
} from '@authentify/core';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import type { StorageDb } from '../schema/authentify-tables.js';
import { LIVE_SESSION_COLUMNS, type SessionRow, toExistingSession, toSessionRow } from '../schema/session-row.js';
import { type NamedStatement, namedStatement } from './sqlite-statement.js';
import { rotatedSession, rotatedTokenRow } from './rotate-tokens.js';

/**
 * The writes of the login and refresh paths on better-sqlite3 directly: each one synchronous
 * `BEGIN IMMEDIATE … COMMIT` transaction on statements prepared once, instead of Kysely's driver,
 * which prepares every query anew and awaits between them. The transactions do what the Kysely
 * operations do (`createSession`, `rotateTokens`), with the same lock: `BEGIN IMMEDIATE` takes the
 * write lock before the first read, across processes too.
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
}

export function createSqliteWrites(db: StorageDb, database: SqliteDatabase): SqliteWrites {
  const statements = sqliteWriteStatements(db, database);

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
  };
}

/** The statements, each compiled and prepared on first use. */
function sqliteWriteStatements(db: StorageDb, database: SqliteDatabase) {
  const sessions = 'authentify_sessions' as const;
  const statement = (build: Parameters<typeof namedStatement>[1]) => namedStatement(database, build);

  // The columns come from `toSessionRow`, which leaves out unset optional ones: one statement per
  // column set, so adding a column to the row mapping is all an insert needs.
  const inserts = new Map<string, NamedStatement>();
  const insertSession = (columns: string[]): NamedStatement => {
    const key = columns.join(',');
    let insert = inserts.get(key);
    if (insert === undefined) {
      insert = statement((arg) =>
        db
          .insertInto(sessions)
          .values(Object.fromEntries(columns.map((column) => [column, arg(column)])) as never)
          .compile(),
      );
      inserts.set(key, insert);
    }
    return insert;
  };

  const liveSessionsOfUser = statement((arg) =>
    db
      .selectFrom(sessions)
      .select(LIVE_SESSION_COLUMNS)
      .where('user_id', '=', arg('userId'))
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', arg<number>('now'))]))
      .compile(),
  );

  const sessionById = statement((arg) => db.selectFrom(sessions).selectAll().where('id', '=', arg('id')).compile());

  const dropReplaysOf = statement((arg) =>
    db
      .updateTable('authentify_rotated_refresh_tokens')
      .set({ sealed_replay: null, replay_expires_at: null })
      .where('session_id', '=', arg('sessionId'))
      .where('sealed_replay', 'is not', null)
      .compile(),
  );

  // Ending a session, as `endSessions` does, one id at a time (a prepared statement has a fixed
  // number of parameters). The audit columns are written only when given, so that revocations
  // without them work before migration 0004: one statement per combination.
  const markRevoked = new Map<string, NamedStatement>();
  const markRevokedStatement = (withActor: boolean, withNote: boolean): NamedStatement => {
    const key = `${withActor}:${withNote}`;
    let mark = markRevoked.get(key);
    if (mark === undefined) {
      mark = statement((arg) =>
        db
          .updateTable(sessions)
          .set({
            revoked_at: arg<number>('at'),
            revocation_reason: arg('reason'),
            ...(withActor ? { revoked_by: arg<string>('actor') } : {}),
            ...(withNote ? { revocation_note: arg<string>('note') } : {}),
          })
          .where('id', '=', arg('id'))
          .where('revoked_at', 'is', null)
          .compile(),
      );
      markRevoked.set(key, mark);
    }
    return mark;
  };
  const deleteRotatedTokensOf = statement((arg) =>
    db.deleteFrom('authentify_rotated_refresh_tokens').where('session_id', '=', arg('sessionId')).compile(),
  );
  const deleteSession = statement((arg) => db.deleteFrom(sessions).where('id', '=', arg('id')).compile());
  const endSession = (id: string, revocation: Revocation): void => {
    if (revocation.retain) {
      const actor = revocation.actor ?? null;
      const note = revocation.note ?? null;
      markRevokedStatement(actor !== null, note !== null).run({ id, at: revocation.at.getTime(), reason: revocation.reason, actor, note });
      dropReplaysOf.run({ sessionId: id });
    } else {
      deleteRotatedTokensOf.run({ sessionId: id });
      deleteSession.run({ id });
    }
  };

  const rotateSession = statement((arg) =>
    db
      .updateTable(sessions)
      .set({
        access_digest: arg('accessDigest'),
        refresh_digest: arg('refreshDigest'),
        access_expires_at: arg<number>('accessExpiresAt'),
        refresh_expires_at: arg<number>('refreshExpiresAt'),
        expires_at: arg<number>('expiresAt'),
        last_used_at: arg<number>('lastUsedAt'),
        last_ip: arg('lastIp'),
        last_user_agent: arg('lastUserAgent'),
      })
      .where('id', '=', arg('id'))
      .compile(),
  );

  const insertRotatedToken = statement((arg) =>
    db
      .insertInto('authentify_rotated_refresh_tokens')
      .values({
        digest: arg('digest'),
        session_id: arg('session_id'),
        rotated_at: arg<number>('rotated_at'),
        token_expires_at: arg<number>('token_expires_at'),
        sealed_replay: arg('sealed_replay'),
        replay_expires_at: arg<number>('replay_expires_at'),
      })
      .compile(),
  );

  return { insertSession, liveSessionsOfUser, sessionById, endSession, rotateSession, dropReplaysOf, insertRotatedToken };
}
