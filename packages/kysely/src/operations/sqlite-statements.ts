import type { Revocation } from '@authentify/core';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import type { StorageDb } from '../schema/authentify-tables.js';
import { LIVE_SESSION_COLUMNS } from '../schema/session-row.js';
import { type NamedStatement, namedStatement } from './sqlite-statement.js';

/** The statements of the prepared SQLite path, each compiled and prepared on first use. */
export type SqliteStatements = ReturnType<typeof sqliteStatements>;

const sessions = 'authentify_sessions' as const;
const rotatedTokens = 'authentify_rotated_refresh_tokens' as const;

/**
 * Every statement the prepared path runs, written with Kysely (so table names and quoting are
 * the storage's) and mirroring the Kysely operations query for query.
 */
export function sqliteStatements(db: StorageDb, database: SqliteDatabase) {
  const statement = (build: Parameters<typeof namedStatement>[1]) => namedStatement(database, build);
  /** One statement per key, made on first use: for statements whose shape depends on the call. */
  const variants = (make: (key: string) => NamedStatement) => {
    const made = new Map<string, NamedStatement>();
    return (key: string): NamedStatement => {
      let variant = made.get(key);
      if (variant === undefined) {
        variant = make(key);
        made.set(key, variant);
      }
      return variant;
    };
  };

  // The columns come from `toSessionRow`, which leaves out unset optional ones: one statement per
  // column set, so adding a column to the row mapping is all an insert needs.
  const insertSessionWith = variants((key) =>
    statement((arg) =>
      db
        .insertInto(sessions)
        .values(Object.fromEntries(key.split(',').map((column) => [column, arg(column)])) as never)
        .compile(),
    ),
  );
  const insertSession = (columns: string[]): NamedStatement => insertSessionWith(columns.join(','));

  const liveSessionsOfUser = statement((arg) =>
    db
      .selectFrom(sessions)
      .select(LIVE_SESSION_COLUMNS)
      .where('user_id', '=', arg('userId'))
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', arg<number>('now'))]))
      .compile(),
  );

  /**
   * The unrevoked sessions of a user (as `revokeSessionsOfUser` reads them), all or all but one,
   * API keys left out unless the key says `keys` (a `NULL` kind is a session).
   */
  const unrevokedSessionsOfUser = variants((key) =>
    statement((arg) =>
      db
        .selectFrom(sessions)
        .select('id')
        .where('user_id', '=', arg('userId'))
        .where('revoked_at', 'is', null)
        .$if(key.startsWith('except'), (query) => query.where('id', '!=', arg('exceptSessionId')))
        .$if(!key.endsWith('keys'), (query) => query.where((eb) => eb.or([eb('kind', 'is', null), eb('kind', '!=', 'api_key')])))
        .compile(),
    ),
  );

  const sessionById = statement((arg) => db.selectFrom(sessions).selectAll().where('id', '=', arg('id')).compile());
  const sessionByRefreshDigest = statement((arg) =>
    db.selectFrom(sessions).selectAll().where('refresh_digest', '=', arg('refreshDigest')).compile(),
  );
  const sessionByRotatedDigest = statement((arg) =>
    db
      .selectFrom(`${rotatedTokens} as rotated`)
      .innerJoin(`${sessions} as session`, 'session.id', 'rotated.session_id')
      .selectAll('session')
      .select(['rotated.rotated_at', 'rotated.token_expires_at'])
      .where('rotated.digest', '=', arg('digest'))
      .compile(),
  );
  const refreshReplay = statement((arg) =>
    db
      .selectFrom(rotatedTokens)
      .select('sealed_replay')
      .where('digest', '=', arg('digest'))
      .where('replay_expires_at', '>', arg<number>('now'))
      .compile(),
  );
  const activityState = statement((arg) =>
    db.selectFrom(sessions).select(['access_digest', 'revoked_at', 'last_used_at']).where('id', '=', arg('id')).compile(),
  );
  const writeActivity = statement((arg) =>
    db
      .updateTable(sessions)
      .set({
        last_used_at: arg<number>('lastUsedAt'),
        last_ip: arg('lastIp'),
        last_user_agent: arg('lastUserAgent'),
        access_expires_at: arg<number>('accessExpiresAt'),
        refresh_expires_at: arg<number>('refreshExpiresAt'),
        expires_at: arg<number>('expiresAt'),
      })
      .where('id', '=', arg('id'))
      .compile(),
  );

  // As `dropReplaysOf` in end-sessions.ts: the condition on `replay_expires_at` is the one the
  // index of migration 0008 answers.
  const dropReplaysOf = statement((arg) =>
    db
      .updateTable(rotatedTokens)
      .set({ sealed_replay: null, replay_expires_at: null })
      .where('session_id', '=', arg('sessionId'))
      .where('replay_expires_at', 'is not', null)
      .compile(),
  );

  // Ending a session, as `endSessions` does, one id at a time (a prepared statement has a fixed
  // number of parameters). The audit columns are written only when given, so that revocations
  // without them work before migration 0004: one statement per combination.
  const markRevoked = variants((key) =>
    statement((arg) =>
      db
        .updateTable(sessions)
        .set({
          revoked_at: arg<number>('at'),
          revocation_reason: arg('reason'),
          ...(key.includes('actor') ? { revoked_by: arg<string>('actor') } : {}),
          ...(key.includes('note') ? { revocation_note: arg<string>('note') } : {}),
        })
        .where('id', '=', arg('id'))
        .where('revoked_at', 'is', null)
        .compile(),
    ),
  );
  const deleteRotatedTokensOf = statement((arg) => db.deleteFrom(rotatedTokens).where('session_id', '=', arg('sessionId')).compile());
  const deleteSession = statement((arg) => db.deleteFrom(sessions).where('id', '=', arg('id')).compile());
  /** Ends the session `id` inside the caller's transaction, as `endSessions` does. */
  const endSession = (id: string, revocation: Revocation): void => {
    if (revocation.retain) {
      const actor = revocation.actor ?? null;
      const note = revocation.note ?? null;
      markRevoked(`${actor === null ? '' : 'actor'}:${note === null ? '' : 'note'}`).run({
        id,
        at: revocation.at.getTime(),
        reason: revocation.reason,
        actor,
        note,
      });
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
      .insertInto(rotatedTokens)
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

  return {
    insertSession,
    liveSessionsOfUser,
    unrevokedSessionsOfUser: (exceptSessionId: string | undefined, includeApiKeys: boolean) =>
      unrevokedSessionsOfUser(`${exceptSessionId === undefined ? 'all' : 'except'}${includeApiKeys ? '+keys' : ''}`),
    sessionById,
    sessionByRefreshDigest,
    sessionByRotatedDigest,
    refreshReplay,
    activityState,
    writeActivity,
    endSession,
    rotateSession,
    dropReplaysOf,
    insertRotatedToken,
  };
}
