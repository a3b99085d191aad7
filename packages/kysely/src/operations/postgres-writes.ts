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
import type { DialectStrategySettings } from '../dialects/dialect-strategy.js';
import { isDeadlock } from '../dialects/postgres-strategy.js';
import { retryOnDeadlock } from '../dialects/retry-on-deadlock.js';
import type { PostgresClient, PostgresPool } from '../options/postgres-pool.js';
import type { StorageDb } from '../schema/authentify-tables.js';
import { LIVE_SESSION_COLUMNS, type SessionRow, toExistingSession, toMillis, toSessionRecord, toSessionRow } from '../schema/session-row.js';
import { type PostgresQueryable, postgresStatements } from './postgres-statements.js';
import { rotatedSession, rotatedTokenRow } from './rotate-tokens.js';

/**
 * The writes on Postgres as named statements on one checked-out connection (`postgresPool` with
 * `connect`): the same transactions as the Kysely operations — READ COMMITTED, rows read
 * `FOR UPDATE`, a user's logins and logouts under the user's advisory lock, deadlocks retried —
 * without Kysely's builder and with each statement parsed once per connection.
 */
export interface PostgresWrites {
  createSession(session: SessionRecord, policy: LoginPolicy): Promise<CreateSessionOutcome>;
  rotateTokens(sessionId: string, expectedRefreshDigest: string, rotation: TokenRotation): Promise<SessionRecord | null>;
  revokeSession(sessionId: string, revocation: Revocation, options: { userId?: string }): Promise<SessionRecord | null>;
  revokeSessionsOfUser(userId: string, revocation: Revocation, options: { exceptSessionId?: string; includeApiKeys?: boolean }): Promise<string[]>;
  recordActivity(sessionId: string, accessDigest: string, activity: SessionActivity): Promise<boolean>;
}

/** The user lock of `postgres-strategy.ts`, as one statement: the timeout applies to the lock. */
const USER_LOCK = {
  name: 'authentify_user_lock_v1',
  text: `with timeout as (select set_config('lock_timeout', $1, true))
    select pg_advisory_xact_lock(hashtext($2), hashtext($3)) from timeout`,
};

export function createPostgresWrites(
  db: StorageDb,
  pool: PostgresPool & Required<Pick<PostgresPool, 'connect'>>,
  settings: DialectStrategySettings,
): PostgresWrites {
  const statements = postgresStatements(db);

  /** `work` in one READ COMMITTED transaction on one connection, under `userId`'s lock if given. */
  const transaction = <T>(work: (client: PostgresClient) => Promise<T>, userId?: string): Promise<T> =>
    retryOnDeadlock(async () => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin isolation level read committed');
        try {
          if (userId !== undefined) {
            await client.query({ ...USER_LOCK, values: [`${settings.lockTimeoutMs}ms`, settings.lockNamespace, userId] });
          }
          const result = await work(client);
          await client.query('commit');
          return result;
        } catch (error) {
          try {
            await client.query('rollback');
          } catch (rollbackError) {
            // The connection is gone or unusable: the pool must not hand it out again.
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
          }
          throw error;
        }
      } catch (error) {
        broken ??= isConnectionLost(error) ? (error as Error) : undefined;
        throw error;
      } finally {
        client.release(broken);
      }
    }, isDeadlock);

  const insertSession = async (client: PostgresQueryable, session: SessionRecord): Promise<void> => {
    const row = toSessionRow(session);
    await statements.insertSession(Object.keys(row))(client, row);
  };

  return {
    async createSession(session, policy) {
      if (!policy.singleLogin && policy.sessionLimit === null) {
        // One insert, atomic by itself: on any free connection, as on the Kysely path.
        await insertSession(pool, session);
        return { created: true, revokedSessionIds: [] };
      }
      return transaction(async (client) => {
        const live = (await statements.liveSessionsOfUser(client, { userId: session.userId, now: session.createdAt.getTime() })) as Pick<
          SessionRow,
          (typeof LIVE_SESSION_COLUMNS)[number]
        >[];
        const decision = sessionsToEnd(live.map(toExistingSession), policy, session.createdAt);
        if (!decision.admit) return { created: false, reason: decision.reason };
        for (const id of decision.end) await statements.endSession(client, id, policy.revocation);
        await insertSession(client, session);
        return { created: true, revokedSessionIds: decision.end };
      }, session.userId);
    },

    rotateTokens: (sessionId, expectedRefreshDigest, rotation) =>
      transaction(async (client) => {
        const [row] = (await statements.lockedSessionById(client, { id: sessionId })) as SessionRow[];
        if (row === undefined || row.revoked_at !== null || row.refresh_digest === null) return null;
        if (!constantTimeEqual(row.refresh_digest, expectedRefreshDigest)) return null;
        const updated = rotatedSession(row, rotation);
        await statements.rotateSession(client, {
          id: sessionId,
          accessDigest: updated.accessDigest,
          refreshDigest: updated.refreshDigest,
          accessExpiresAt: toMillis(updated.accessExpiresAt),
          refreshExpiresAt: toMillis(updated.refreshExpiresAt),
          expiresAt: toMillis(updated.expiresAt),
          lastUsedAt: updated.lastUsedAt.getTime(),
          lastIp: updated.lastIp,
          lastUserAgent: updated.lastUserAgent,
        });
        await statements.dropReplaysOf(client, { sessionId });
        await statements.insertRotatedToken(client, rotatedTokenRow(row, row.refresh_digest, rotation));
        return updated;
      }),

    revokeSession: (sessionId, revocation, options) =>
      transaction(async (client) => {
        const [row] = (await statements.lockedSessionById(client, { id: sessionId })) as SessionRow[];
        if (row === undefined || row.revoked_at !== null) return null;
        if (options.userId !== undefined && row.user_id !== options.userId) return null;
        await statements.endSession(client, row.id, revocation);
        return toSessionRecord(row);
      }),

    revokeSessionsOfUser: (userId, revocation, options) =>
      transaction(async (client) => {
        const rows = (await statements.unrevokedSessionsOfUser(options.exceptSessionId, options.includeApiKeys === true)(client, {
          userId,
          exceptSessionId: options.exceptSessionId,
        })) as Pick<SessionRow, 'id'>[];
        const ids = rows.map((row) => row.id);
        for (const id of ids) await statements.endSession(client, id, revocation);
        return ids;
      }, userId),

    recordActivity: (sessionId, accessDigest, activity) =>
      transaction(async (client) => {
        const [row] = (await statements.lockedActivityState(client, { id: sessionId })) as Pick<
          SessionRow,
          'access_digest' | 'revoked_at' | 'last_used_at'
        >[];
        if (row === undefined || row.revoked_at !== null || !constantTimeEqual(row.access_digest, accessDigest)) return false;
        if (Number(row.last_used_at) > activity.lastUsedAt.getTime()) return false;
        await statements.writeActivity(client, {
          id: sessionId,
          lastUsedAt: activity.lastUsedAt.getTime(),
          lastIp: activity.lastIp,
          lastUserAgent: activity.lastUserAgent,
          accessExpiresAt: toMillis(activity.accessExpiresAt),
          refreshExpiresAt: toMillis(activity.refreshExpiresAt),
          expiresAt: toMillis(activity.expiresAt),
        });
        return true;
      }),
  };
}

/** A failure after which the connection cannot be trusted (no SQLSTATE: the socket, not the SQL). */
function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return !(typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code));
}
