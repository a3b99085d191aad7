import type { PruneScope } from '@authentify/core';
import type { SqliteDatabase } from '../options/sqlite-database.js';
import type { StorageDb } from '../schema/authentify-tables.js';
import { beginSqlitePrune } from '../sqlite/sqlite-prune-scope.js';
import { namedStatement } from './sqlite-statement.js';

/** The most sessions (or digests, or replays) one synchronous batch deletes. */
export const SQLITE_BATCH_ROWS = 100;
/** After this long deleting, a synchronous batch commits what it deleted and returns (the commit costs about as much again). */
export const SQLITE_BATCH_MS = 1;
/** Rows read per look-up inside a batch: small, so that the time bound is checked often. */
const ROWS_PER_LOOKUP = 25;

/**
 * The prune's batches on better-sqlite3 directly, bounded by time as well as by rows: a batch is
 * one synchronous `BEGIN IMMEDIATE … COMMIT` on prepared statements, which blocks the event loop
 * for its whole length — so it stops after {@link SQLITE_BATCH_ROWS} rows or
 * {@link SQLITE_BATCH_MS} ms, whichever comes first, rather than after the caller's `limit`
 * (a batch of 1,000 held every request arriving meanwhile for tens of milliseconds). It deletes at least
 * one row when one is left, so `0` still means done. A session is deleted with its rotated
 * digests in the same transaction, whose write lock keeps a rotation (in this process or
 * another) from running between the two — the atomicity of the Kysely path.
 */
export interface SqlitePrune {
  /** `false` while a transaction is open on the connection: the caller then goes through Kysely. */
  available(): boolean;
  deleteEndedSessions(options: { endedBefore: Date; limit: number; userId?: string }): number;
  deleteExpiredRotatedTokens(options: { expiredBefore: Date; limit: number }): number;
  deleteExpiredRefreshReplays(options: { expiredBefore: Date; limit: number }): number;
  /** The WAL handling around a prune's batches (`sqlite-prune-scope.ts`). */
  beginPrune(): PruneScope;
}

const sessions = 'authentify_sessions' as const;
const rotatedTokens = 'authentify_rotated_refresh_tokens' as const;

export function createSqlitePrune(db: StorageDb, database: SqliteDatabase): SqlitePrune {
  const statement = (build: Parameters<typeof namedStatement>[1]) => namedStatement(database, build);
  // As in prune.ts: expired and revoked sessions by one range scan each, never one `OR`.
  const endedIds = (by: 'expired' | 'revoked', ofUser: boolean) =>
    statement((arg) =>
      db
        .selectFrom(sessions)
        .select('id')
        .$if(ofUser, (query) => query.where('user_id', '=', arg('userId')))
        .$if(by === 'expired', (query) => query.where('expires_at', '<=', arg<number>('cutoff')))
        .$if(by === 'revoked', (query) =>
          query
            .where('revoked_at', '<=', arg<number>('cutoff'))
            .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', arg<number>('cutoff'))])),
        )
        .limit(arg<number>('limit'))
        .compile(),
    );
  const lookups = {
    expired: endedIds('expired', false),
    revoked: endedIds('revoked', false),
    expiredOfUser: endedIds('expired', true),
    revokedOfUser: endedIds('revoked', true),
  };
  const deleteRotatedTokensOf = statement((arg) => db.deleteFrom(rotatedTokens).where('session_id', '=', arg('sessionId')).compile());
  const deleteSession = statement((arg) => db.deleteFrom(sessions).where('id', '=', arg('id')).compile());
  const expiredDigests = statement((arg) =>
    db.selectFrom(rotatedTokens).select('digest').where('token_expires_at', '<=', arg<number>('cutoff')).limit(arg<number>('limit')).compile(),
  );
  const deleteDigest = statement((arg) =>
    db.deleteFrom(rotatedTokens).where('digest', '=', arg('digest')).where('token_expires_at', '<=', arg<number>('cutoff')).compile(),
  );
  const expiredReplays = statement((arg) =>
    db.selectFrom(rotatedTokens).select('digest').where('replay_expires_at', '<=', arg<number>('cutoff')).limit(arg<number>('limit')).compile(),
  );
  const dropReplay = statement((arg) =>
    db
      .updateTable(rotatedTokens)
      .set({ sealed_replay: null, replay_expires_at: null })
      .where('digest', '=', arg('digest'))
      .where('replay_expires_at', '<=', arg<number>('cutoff'))
      .compile(),
  );

  /**
   * Runs `next(limit)` for keys to delete and `remove` on each, until `limit` rows, the time
   * bound, or nothing is left; one immediate transaction.
   */
  const boundedBatch = database.transaction((limit: number, next: (limit: number) => string[], remove: (key: string) => void): number => {
    const started = performance.now();
    let deleted = 0;
    for (;;) {
      const keys = next(Math.min(ROWS_PER_LOOKUP, limit - deleted));
      if (keys.length === 0) return deleted;
      for (const key of keys) {
        remove(key);
        deleted++;
        // Checked after a row, so a batch always deletes one when one is left.
        if (deleted >= limit || performance.now() - started >= SQLITE_BATCH_MS) return deleted;
      }
    }
  });
  const run = (limit: number, next: (limit: number) => string[], remove: (key: string) => void): number =>
    boundedBatch.immediate(Math.min(limit, SQLITE_BATCH_ROWS), next, remove);

  return {
    available: () => !database.inTransaction,
    beginPrune: () => beginSqlitePrune(database),
    deleteEndedSessions({ endedBefore, limit, userId }) {
      const cutoff = endedBefore.getTime();
      const [expired, revoked] = userId === undefined ? [lookups.expired, lookups.revoked] : [lookups.expiredOfUser, lookups.revokedOfUser];
      const ids = (rows: unknown[]): string[] => (rows as { id: string }[]).map((row) => row.id);
      return run(
        limit,
        (rows) => {
          const found = ids(expired.all({ cutoff, limit: rows, userId }));
          return found.length > 0 ? found : ids(revoked.all({ cutoff, limit: rows, userId }));
        },
        (id) => {
          deleteRotatedTokensOf.run({ sessionId: id });
          deleteSession.run({ id });
        },
      );
    },
    deleteExpiredRotatedTokens({ expiredBefore, limit }) {
      const cutoff = expiredBefore.getTime();
      return run(
        limit,
        (rows) => (expiredDigests.all({ cutoff, limit: rows }) as { digest: string }[]).map((row) => row.digest),
        (digest) => deleteDigest.run({ digest, cutoff }),
      );
    },
    deleteExpiredRefreshReplays({ expiredBefore, limit }) {
      const cutoff = expiredBefore.getTime();
      return run(
        limit,
        (rows) => (expiredReplays.all({ cutoff, limit: rows }) as { digest: string }[]).map((row) => row.digest),
        (digest) => dropReplay.run({ digest, cutoff }),
      );
    },
  };
}
