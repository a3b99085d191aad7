import { chunks, IDS_PER_STATEMENT } from './end-sessions.js';
import type { StorageContext } from './storage-context.js';

/**
 * Sealed refresh replays live on the rotated-refresh-token rows (migration 0002), beside the
 * replaced digest they are looked up by; "dropping" one clears its two columns and keeps the row,
 * which reuse detection still needs. Only the latest rotation of a session has one.
 */

/** The replay kept for `replacedRefreshDigest`, while `now` is inside its window; else `null`. */
export async function findRefreshReplay(
  { db, sqliteReads }: StorageContext,
  replacedRefreshDigest: string,
  now: Date,
): Promise<string | null> {
  if (sqliteReads?.available()) return sqliteReads.findRefreshReplay(replacedRefreshDigest, now);
  const row = await db
    .selectFrom('authentify_rotated_refresh_tokens')
    .select('sealed_replay')
    .where('digest', '=', replacedRefreshDigest)
    .where('replay_expires_at', '>', now.getTime())
    .executeTakeFirst();
  return row?.sealed_replay ?? null;
}

/**
 * One bounded batch of replays whose window ended at or before `expiredBefore`: select up to
 * `limit` by the partial index, then clear them, re-checking the expiry so that a replay a
 * rotation wrote in between is left alone. In a transaction only for the dialect's deadlock
 * retry: a rotation of one of these sessions may be updating the same rows.
 */
export async function deleteExpiredRefreshReplays(
  { db, dialect, sqlitePrune }: StorageContext,
  options: { expiredBefore: Date; limit: number },
): Promise<number> {
  if (sqlitePrune?.available()) return sqlitePrune.deleteExpiredRefreshReplays(options);
  const cutoff = options.expiredBefore.getTime();
  return dialect.transaction(db, async (trx) => {
    const rows = await trx
      .selectFrom('authentify_rotated_refresh_tokens')
      .select('digest')
      .where('replay_expires_at', '<=', cutoff)
      .limit(options.limit)
      .execute();
    let deleted = 0;
    for (const chunk of chunks(
      rows.map((row) => row.digest),
      IDS_PER_STATEMENT,
    )) {
      const result = await trx
        .updateTable('authentify_rotated_refresh_tokens')
        .set({ sealed_replay: null, replay_expires_at: null })
        .where('digest', 'in', chunk)
        .where('replay_expires_at', '<=', cutoff)
        .executeTakeFirst();
      deleted += Number(result.numUpdatedRows);
    }
    return deleted;
  });
}
