import type {
  Revocation,
  RevokedSessionRef,
  SessionFilter,
  SessionRecord,
  SessionSearchPage,
  SessionStateCounts,
} from '@authentify/core';
import { sql } from 'kysely';
import type { StorageDb } from '../schema/authentify-tables.js';
import { toSessionRecord } from '../schema/session-row.js';
import { endSessions } from './end-sessions.js';
import { afterKeyset, filterCondition } from './session-filter.js';
import type { StorageContext } from './storage-context.js';

/**
 * One page of the operators' search: a keyset page along the `(created_at, id)` index (migration
 * 0004) — or `(user_id, created_at)` for one user — so no page costs more than its own rows.
 */
export async function searchSessions({ db }: StorageContext, filter: SessionFilter, page: SessionSearchPage): Promise<SessionRecord[]> {
  const now = page.now.getTime();
  const rows = await db
    .selectFrom('authentify_sessions')
    .selectAll()
    .where((eb) => filterCondition(eb, filter, now))
    .$if(page.after !== null, (query) => query.where((eb) => afterKeyset(eb, page.after!)))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map(toSessionRecord);
}

/** The three counts in one scan: `count` skips the NULLs that a non-matching `case` yields. */
export async function countSessionsByState({ db }: StorageContext, filter: SessionFilter, now: Date): Promise<SessionStateCounts> {
  const at = now.getTime();
  const row = await db
    .selectFrom('authentify_sessions')
    .where((eb) => filterCondition(eb, filter, at))
    .select([
      sql<number | string>`count(case when revoked_at is null and (expires_at is null or expires_at > ${at}) then 1 end)`.as('live'),
      sql<number | string>`count(case when revoked_at is null and expires_at <= ${at} then 1 end)`.as('expired'),
      sql<number | string>`count(case when revoked_at is not null then 1 end)`.as('revoked'),
    ])
    .executeTakeFirst();
  return { live: Number(row?.live ?? 0), expired: Number(row?.expired ?? 0), revoked: Number(row?.revoked ?? 0) };
}

/**
 * Bulk revocation in one transaction: the matching unrevoked rows are read with a row lock (on
 * SQLite the transaction holds the write lock), then ended. A concurrent rotation or revocation of
 * one of them either committed first — Postgres re-checks the condition after the lock wait, and
 * MySQL's locking read sees the committed row — or waits for this one and then finds it revoked.
 * Scoped to one user it also takes that user's lock, as logins do, so a concurrent login is
 * ordered before (and ended) or after (and kept). Without a user, the locking read may lock
 * index ranges on MySQL: an operator's bulk revocation can make concurrent logins wait.
 */
export async function revokeMatchingSessions(
  { db, dialect }: StorageContext,
  filter: SessionFilter,
  revocation: Revocation,
  options: { now: Date; exceptSessionId?: string },
): Promise<RevokedSessionRef[]> {
  const work = async (trx: StorageDb): Promise<RevokedSessionRef[]> => {
    const rows = await trx
      .selectFrom('authentify_sessions')
      .select(['id', 'user_id'])
      .where((eb) => filterCondition(eb, filter, options.now.getTime()))
      .where('revoked_at', 'is', null)
      .$if(options.exceptSessionId !== undefined, (query) => query.where('id', '!=', options.exceptSessionId!))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .$if(dialect.rowLocks, (query) => query.forUpdate())
      .execute();
    await endSessions(
      trx,
      rows.map((row) => row.id),
      revocation,
    );
    return rows.map((row) => ({ sessionId: row.id, userId: row.user_id }));
  };
  return filter.userId === undefined ? dialect.transaction(db, work) : dialect.userTransaction(db, filter.userId, work);
}
