import type { Revocation } from '@authentify/core';
import type { CompiledQuery } from 'kysely';
import type { PostgresClient, PostgresPool } from '../options/postgres-pool.js';
import type { StorageDb } from '../schema/authentify-tables.js';
import { LIVE_SESSION_COLUMNS } from '../schema/session-row.js';
import { fnv1a } from './access-digest-lookup.js';
import { compileWithArguments } from './sqlite-statement.js';

/** A statement compiled by Kysely once, run as a pg named statement: prepared once per connection. */
export type NamedPostgresStatement = (client: PostgresQueryable, args: Readonly<Record<string, unknown>>) => Promise<unknown[]>;

/** A checked-out connection, or the pool itself for a statement that needs no transaction. */
export type PostgresQueryable = Pick<PostgresPool, 'query'>;

const sessions = 'authentify_sessions' as const;
const rotatedTokens = 'authentify_rotated_refresh_tokens' as const;

function namedPostgresStatement(purpose: string, build: (arg: <T = string>(name: string) => T) => CompiledQuery): NamedPostgresStatement {
  let compiled: { name: string; text: string; bind: (args: Readonly<Record<string, unknown>>) => unknown[] } | undefined;
  return async (client, args) => {
    if (compiled === undefined) {
      const { sql, bind } = compileWithArguments(build);
      // Named after the SQL text, so storages with different table names never share a name.
      compiled = { name: `authentify_${purpose}_${fnv1a(sql)}`, text: sql, bind };
    }
    const result = await client.query({ name: compiled.name, text: compiled.text, values: compiled.bind(args) });
    return result.rows;
  };
}

/**
 * The statements of the Postgres write path: the Kysely operations' queries, row locks
 * (`FOR UPDATE`) included, each compiled on first use.
 */
export function postgresStatements(db: StorageDb) {
  const statement = namedPostgresStatement;
  const variants = (make: (key: string) => NamedPostgresStatement) => {
    const made = new Map<string, NamedPostgresStatement>();
    return (key: string): NamedPostgresStatement => {
      let variant = made.get(key);
      if (variant === undefined) {
        variant = make(key);
        made.set(key, variant);
      }
      return variant;
    };
  };

  const insertSession = variants((key) =>
    statement('insert_session', (arg) =>
      db
        .insertInto(sessions)
        .values(Object.fromEntries(key.split(',').map((column) => [column, arg(column)])) as never)
        .compile(),
    ),
  );
  const liveSessionsOfUser = statement('live_sessions', (arg) =>
    db
      .selectFrom(sessions)
      .select(LIVE_SESSION_COLUMNS)
      .where('user_id', '=', arg('userId'))
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', arg<number>('now'))]))
      .forUpdate()
      .compile(),
  );
  const unrevokedSessionsOfUser = variants((key) =>
    statement('unrevoked_sessions', (arg) =>
      db
        .selectFrom(sessions)
        .select('id')
        .where('user_id', '=', arg('userId'))
        .where('revoked_at', 'is', null)
        .$if(key.startsWith('except'), (query) => query.where('id', '!=', arg('exceptSessionId')))
        // API keys stay unless asked (a `NULL` kind is a session from before migration 0006).
        .$if(!key.endsWith('keys'), (query) => query.where((eb) => eb.or([eb('kind', 'is', null), eb('kind', '!=', 'api_key')])))
        .forUpdate()
        .compile(),
    ),
  );
  const lockedSessionById = statement('locked_session', (arg) => db.selectFrom(sessions).selectAll().where('id', '=', arg('id')).forUpdate().compile());
  const lockedActivityState = statement('locked_activity', (arg) =>
    db.selectFrom(sessions).select(['access_digest', 'revoked_at', 'last_used_at']).where('id', '=', arg('id')).forUpdate().compile(),
  );
  const writeActivity = statement('write_activity', (arg) =>
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
  const dropReplaysOf = statement('drop_replays', (arg) =>
    db
      .updateTable(rotatedTokens)
      .set({ sealed_replay: null, replay_expires_at: null })
      .where('session_id', '=', arg('sessionId'))
      .where('replay_expires_at', 'is not', null)
      .compile(),
  );
  // The audit columns are written only when given (revocations work before migration 0004).
  const markRevoked = variants((key) =>
    statement('mark_revoked', (arg) =>
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
  const deleteRotatedTokensOf = statement('delete_rotated', (arg) => db.deleteFrom(rotatedTokens).where('session_id', '=', arg('sessionId')).compile());
  const deleteSession = statement('delete_session', (arg) => db.deleteFrom(sessions).where('id', '=', arg('id')).compile());
  /** Ends the session `id` inside the caller's transaction (which has locked it), as `endSessions` does. */
  const endSession = async (client: PostgresClient, id: string, revocation: Revocation): Promise<void> => {
    if (revocation.retain) {
      const actor = revocation.actor ?? null;
      const note = revocation.note ?? null;
      const key = `${actor === null ? '' : 'actor'}:${note === null ? '' : 'note'}`;
      await markRevoked(key)(client, { id, at: revocation.at.getTime(), reason: revocation.reason, actor, note });
      await dropReplaysOf(client, { sessionId: id });
    } else {
      await deleteRotatedTokensOf(client, { sessionId: id });
      await deleteSession(client, { id });
    }
  };
  const rotateSession = statement('rotate_session', (arg) =>
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
  const insertRotatedToken = statement('insert_rotated', (arg) =>
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
    insertSession: (columns: string[]) => insertSession(columns.join(',')),
    liveSessionsOfUser,
    unrevokedSessionsOfUser: (exceptSessionId: string | undefined, includeApiKeys: boolean) =>
      unrevokedSessionsOfUser(`${exceptSessionId === undefined ? 'all' : 'except'}${includeApiKeys ? '+keys' : ''}`),
    lockedSessionById,
    lockedActivityState,
    writeActivity,
    endSession,
    rotateSession,
    dropReplaysOf,
    insertRotatedToken,
  };
}
