import type { Revocation } from '@authentify/core';
import type { StorageDb } from '../schema/authentify-tables.js';

/**
 * Bind parameters per statement when a list of ids goes into `IN (…)`: well below the limits of
 * every dialect (SQLite 32766, Postgres 65535), however large a batch the caller asks for.
 */
export const IDS_PER_STATEMENT = 500;

/**
 * Ends the sessions `ids` inside the caller's transaction, which has locked them: marks them
 * revoked (`revocation.retain`) and drops their replays, or deletes them together with their
 * rotated refresh digests (replays included).
 */
export async function endSessions(trx: StorageDb, ids: readonly string[], revocation: Revocation): Promise<void> {
  for (const chunk of chunks(ids, IDS_PER_STATEMENT)) {
    if (revocation.retain) {
      await trx
        .updateTable('authentify_sessions')
        .set({
          revoked_at: revocation.at.getTime(),
          revocation_reason: revocation.reason,
          // Written only when given, so that revocations without them work before migration 0004.
          ...((revocation.actor ?? null) === null ? {} : { revoked_by: revocation.actor }),
          ...((revocation.note ?? null) === null ? {} : { revocation_note: revocation.note }),
        })
        .where('id', 'in', chunk)
        .where('revoked_at', 'is', null)
        .execute();
      await dropReplaysOf(trx, chunk);
    } else {
      await deleteSessions(trx, chunk);
    }
  }
}

/** Deletes the sessions `ids` and their rotated refresh digests; returns how many sessions. */
export async function deleteSessions(trx: StorageDb, ids: readonly string[]): Promise<number> {
  let deleted = 0;
  for (const chunk of chunks(ids, IDS_PER_STATEMENT)) {
    await trx.deleteFrom('authentify_rotated_refresh_tokens').where('session_id', 'in', chunk).execute();
    const result = await trx.deleteFrom('authentify_sessions').where('id', 'in', chunk).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/** `items` in consecutive slices of at most `size`; none for an empty list. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}

/**
 * Drops the replays of the sessions `sessionIds`, inside the caller's transaction (which holds
 * their row locks): on rotation, before the new one is written, and on revocation. A row has a
 * replay exactly when `replay_expires_at` is set (the two are written and cleared together), which
 * is what the index of migration 0008 finds without reading the session's older digests.
 */
export async function dropReplaysOf(trx: StorageDb, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await trx
    .updateTable('authentify_rotated_refresh_tokens')
    .set({ sealed_replay: null, replay_expires_at: null })
    .where('session_id', 'in', sessionIds)
    .where('replay_expires_at', 'is not', null)
    .execute();
}
