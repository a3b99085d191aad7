import type { RefreshTokenMatch, SessionRecord } from '@authentify/core';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import { type SessionRow, toSessionRecord } from '../schema/session-row.js';
import type { SqliteStatements } from './sqlite-statements.js';

/**
 * The reads of the refresh path on statements prepared once: the same queries, in the same order,
 * as `findSessionByRefreshDigest`, `findSessionById` and `findRefreshReplay` on the Kysely path.
 */
export interface SqliteReads {
  /** `false` while a transaction is open on the connection: a read now would see its uncommitted writes. */
  available(): boolean;
  findSessionByRefreshDigest(refreshDigest: string): RefreshTokenMatch | null;
  findSessionById(sessionId: string): SessionRecord | null;
  findRefreshReplay(replacedRefreshDigest: string, now: Date): string | null;
}

export function createSqliteReads(database: SqliteDatabase, statements: SqliteStatements): SqliteReads {
  return {
    available: () => !database.inTransaction,
    findSessionByRefreshDigest(refreshDigest) {
      // Current first, then rotated: a rotation commits both together (see find-sessions.ts).
      const current = statements.sessionByRefreshDigest.get({ refreshDigest }) as SessionRow | undefined;
      if (current !== undefined) return { state: 'current', session: toSessionRecord(current) };
      const rotated = statements.sessionByRotatedDigest.get({ digest: refreshDigest }) as
        | (SessionRow & { rotated_at: number | bigint; token_expires_at: number | bigint })
        | undefined;
      if (rotated === undefined) return null;
      const { rotated_at, token_expires_at, ...session } = rotated;
      return {
        state: 'rotated',
        session: toSessionRecord(session),
        rotatedAt: new Date(Number(rotated_at)),
        tokenExpiresAt: new Date(Number(token_expires_at)),
      };
    },
    findSessionById(sessionId) {
      const row = statements.sessionById.get({ id: sessionId }) as SessionRow | undefined;
      return row === undefined ? null : toSessionRecord(row);
    },
    findRefreshReplay(replacedRefreshDigest, now) {
      const row = statements.refreshReplay.get({ digest: replacedRefreshDigest, now: now.getTime() }) as
        | { sealed_replay: string | null }
        | undefined;
      return row?.sealed_replay ?? null;
    },
  };
}
