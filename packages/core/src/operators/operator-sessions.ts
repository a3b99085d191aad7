import type { RequestView } from '../credentials/request-view.js';
import { AuthentifyError } from '../errors.js';
import { hookRequest } from '../sessions/client-activity.js';
import { SESSION_ID_PATTERN } from '../sessions/issue-session.js';
import { presentSession, revocationNow, type Runtime } from '../sessions/runtime.js';
import { type Session, sessionStatus } from '../sessions/session.js';
import type { RevocationReason } from '../storage/session-record.js';
import type { SessionFilter, SessionStateCounts } from '../storage/session-search.js';
import { checkAudit, checkFilter, checkLimit, checkReason, decodeCursor, encodeCursor } from './session-query.js';

/** What {@link searchSessions} accepts: the criteria, and where the page starts. */
export interface SessionQuery extends SessionFilter {
  /** Sessions per page, 1 to 1000. [`50`] */
  limit?: number;
  /** The `nextCursor` of the previous page; absent or `null` for the first. */
  cursor?: string | null;
}

/** One page of {@link searchSessions}. */
export interface SessionSearchResult<Context extends object> {
  /** Newest first (ties by id); ids, users, context, times, status and audit — never a digest. */
  sessions: Session<Context>[];
  /** Pass it as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

/** How {@link revokeSessions} records what it does. */
export interface BulkRevocationOptions {
  /** [`'admin'`] */
  reason?: RevocationReason;
  /** Who is revoking (an operator's name or id), kept as `revokedBy` with retained sessions. */
  actor?: string;
  /** Why, in the operator's words (up to 1000 characters), kept as `revocationNote`. */
  note?: string;
  /** A session to leave alone (the operator's own). */
  exceptSessionId?: string;
  /** The operator's request, for the `afterRevoke` hook's `request`. */
  request?: RequestView;
}

/** Operators' search across users, one keyset page at a time (states judged at the clock's now). */
export async function searchSessions<Context extends object, User>(
  runtime: Runtime<Context, User>,
  query: SessionQuery = {},
): Promise<SessionSearchResult<Context>> {
  const filter = checkFilter(query as Record<string, unknown>, ['limit', 'cursor']);
  const limit = checkLimit(query.limit);
  const after = decodeCursor(query.cursor);
  const now = runtime.options.clock();
  // One more than asked tells whether another page exists, without a second query.
  const records = await runtime.storage.searchSessions(filter, { now: new Date(now), limit: limit + 1, after });
  const page = records.slice(0, limit);
  const last = page[page.length - 1];
  return {
    sessions: page.map((record) => presentSession<Context>(runtime, record, sessionStatus(record, now, 'session'))),
    nextCursor: records.length > limit && last !== undefined ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

/** How many sessions the filter covers, by state at the clock's now. */
export async function countSessionsByState<Context extends object, User>(
  runtime: Runtime<Context, User>,
  filter: SessionFilter = {},
): Promise<SessionStateCounts> {
  return runtime.storage.countSessionsByState(checkFilter(filter as Record<string, unknown>, []), new Date(runtime.options.clock()));
}

/** One session by id, whatever its state; `null` when there is none (or the id cannot be one). */
export async function findSession<Context extends object, User>(
  runtime: Runtime<Context, User>,
  sessionId: string,
): Promise<Session<Context> | null> {
  if (typeof sessionId !== 'string' || !SESSION_ID_PATTERN.test(sessionId)) return null;
  const record = await runtime.storage.findSessionById(sessionId);
  return record === null ? null : presentSession<Context>(runtime, record, sessionStatus(record, runtime.options.clock(), 'session'));
}

/**
 * Bulk revocation by criteria, in one storage step; one `afterRevoke` event per user whose
 * sessions it ended. An empty filter is refused: ending every session of every user is never
 * what a missing criterion should mean.
 */
export async function revokeSessions<Context extends object, User>(
  runtime: Runtime<Context, User>,
  filter: SessionFilter,
  options: BulkRevocationOptions = {},
): Promise<number> {
  const checked = checkFilter((filter ?? {}) as Record<string, unknown>, []);
  if (Object.keys(checked).length === 0) {
    throw new AuthentifyError('invalid_argument', "revokeSessions needs at least one criterion (to end every session, pass states: ['live', 'expired']).");
  }
  const reason = checkReason(options.reason ?? 'admin');
  const audit = checkAudit(options);
  const now = runtime.options.clock();
  const revoked = await runtime.storage.revokeMatchingSessions(checked, revocationNow(runtime.options, reason, audit), {
    now: new Date(now),
    ...(options.exceptSessionId === undefined ? {} : { exceptSessionId: options.exceptSessionId }),
  });
  const byUser = new Map<string, string[]>();
  for (const { sessionId, userId } of revoked) byUser.set(userId, [...(byUser.get(userId) ?? []), sessionId]);
  const request = hookRequest(options.request, runtime.options.trustProxy);
  for (const [userId, sessionIds] of byUser) await runtime.options.hooks.afterRevoke?.({ userId, sessionIds, reason, request });
  return revoked.length;
}
