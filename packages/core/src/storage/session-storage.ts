import type {
  CreateSessionOutcome,
  LoginPolicy,
  RefreshTokenMatch,
  Revocation,
  SessionActivity,
  SessionRecord,
  SessionUpdate,
  TokenRotation,
} from './session-record.js';
import type {
  RevokedSessionRef,
  SessionFilter,
  SessionSearchPage,
  SessionStateCounts,
} from './session-search.js';

/**
 * Where sessions live. Storage stores; core decides. Storage never sees a plaintext token (only
 * hex digests), never reads the clock (every "now" is passed in, so a test clock and every
 * database agree), and never judges expiry except where a method says so.
 *
 * Every state change that must be atomic — creating a session under a login policy, rotating a
 * refresh token (with the sealed replay of its new pair), revoking on reuse — is one method
 * here, so that core never does a read-modify-write across two calls. A method either completes
 * or throws; a throw of any kind is reported to the application as `storage_unavailable`, never
 * as "not found".
 *
 * `describeSessionStorageConformance` from `@authentify/core/testing/vitest` checks every
 * obligation below, concurrency included, against a real instance.
 */
export interface SessionStorage {
  /**
   * Inserts `session` after applying `policy` to the user's other **live** sessions (not revoked,
   * and `expiresAt` null or after `session.createdAt`).
   *
   * - `singleLogin`: every other live session of the user is revoked as `policy.revocation` says
   *   (here and below, a revoked session's replay is dropped, as in {@link revokeSession}).
   * - `sessionLimit` with `refuse`: if the user already has `max` live sessions, nothing is
   *   written and `{ created: false }` is returned.
   * - `sessionLimit` with `evict_oldest`: the oldest live sessions (by `createdAt`) are revoked so
   *   that, with the new one, the user has exactly `max`.
   *
   * Concurrency: the policy check and the insert are one atomic step per user. However many
   * logins of one user run at once, single-login leaves exactly one live session and a limit is
   * never exceeded, not even momentarily visible to a reader.
   */
  createSession(session: SessionRecord, policy: LoginPolicy): Promise<CreateSessionOutcome>;

  /**
   * The session whose **current** access token has this digest, whatever its state (expired or
   * revoked-and-retained sessions are returned too: core reports why it refuses them); `null`
   * when no session has it. This is the hot path of every request: one indexed lookup, no write.
   */
  findSessionByAccessDigest(accessDigest: string): Promise<SessionRecord | null>;

  /**
   * Optional: {@link findSessionByAccessDigest} answered synchronously, for a storage that can
   * (an in-memory map, better-sqlite3). Returns the same session or `null`; `undefined` when it
   * cannot answer synchronously right now (a transaction is open on its connection, say) — core
   * then calls {@link findSessionByAccessDigest}. It throws, like the promise form rejects, when
   * the storage fails: core answers that as a storage failure (503), never as "no session".
   * Without it, verification takes the promise path; the result is the same, a few microseconds
   * later.
   *
   * @example
   * ```ts
   * findSessionByAccessDigestSync(digest) {
   *   return this.sessions.get(digest) ?? null;
   * }
   * ```
   */
  findSessionByAccessDigestSync?(accessDigest: string): SessionRecord | null | undefined;

  /**
   * The session whose current refresh token has this digest (`state: 'current'`), else the
   * session that rotated a refresh token with this digest away (`state: 'rotated'`, with when it
   * was rotated and when it would have expired); `null` when neither exists.
   *
   * Concurrency: consistent with {@link rotateTokens} — once a rotation has returned, the old
   * digest is found as `rotated`, never as nothing.
   */
  findSessionByRefreshDigest(refreshDigest: string): Promise<RefreshTokenMatch | null>;

  /** The session with this id, whatever its state; `null` when there is none. */
  findSessionById(sessionId: string): Promise<SessionRecord | null>;

  /**
   * Compare-and-swap of the session's tokens: if the session `sessionId` exists, is not revoked
   * and its current refresh digest equals `expectedRefreshDigest`, replaces both digests and the
   * times with `rotation` and records `expectedRefreshDigest` as rotated at `rotation.rotatedAt`
   * (kept until its own expiry, so reuse can be recognised). It also keeps `rotation.replay`
   * (when not `null`) as the replay of `expectedRefreshDigest`, and drops the replay that an
   * earlier rotation of this session kept: a session has at most one replay, its latest
   * rotation's. Returns the updated session, or `null` when the comparison failed or the session
   * is gone (and then writes nothing).
   *
   * Concurrency: among any number of concurrent calls with the same expected digest, exactly one
   * returns a session; all others return `null`. The swap, the rotated-digest record and the
   * replay are one atomic step: a reader sees all of them or none.
   */
  rotateTokens(
    sessionId: string,
    expectedRefreshDigest: string,
    rotation: TokenRotation,
  ): Promise<SessionRecord | null>;

  /**
   * The `replay.sealed` that the rotation which replaced the refresh digest
   * `replacedRefreshDigest` kept, if `now` is before its `replay.expiresAt`; `null` when there is
   * none — never kept (no grace window), dropped by a later rotation of the session, by a
   * revocation, with the session, or by a prune — or when it has expired, whether or not a
   * prune has deleted it yet. Never returns another digest's replay.
   *
   * Concurrency: consistent with {@link rotateTokens} — once a rotation has returned (and so
   * whenever a concurrent `rotateTokens` with the same expected digest has returned `null`
   * because this one won), its replay is found.
   */
  findRefreshReplay(replacedRefreshDigest: string, now: Date): Promise<string | null>;

  /**
   * Records use of the session (sliding extension or last-used update): writes `activity` if the
   * session exists, is not revoked, its current access digest is still `accessDigest` (a rotation
   * in between makes the write moot), and its `lastUsedAt` is not later than
   * `activity.lastUsedAt`. Returns whether those conditions held and the values were written
   * (`true` even when they equal what was stored); `false` is not an error.
   *
   * Concurrency: never resurrects a revoked session, never moves `lastUsedAt` backwards.
   */
  recordActivity(
    sessionId: string,
    accessDigest: string,
    activity: SessionActivity,
  ): Promise<boolean>;

  /**
   * Writes the fields `update` gives (label, context, re-authentication time; `expiresAt` sets
   * `accessExpiresAt`, `expiresAt` and `absoluteExpiresAt` to it — a rolled API key's overlap) to
   * the session `sessionId` if it exists and is not revoked — and, with `options.userId`, belongs
   * to that user: the ownership check and the write are one step. Nothing else changes: not the
   * tokens, not the other expiries, not `lastUsedAt`. Returns the updated session, or `null` when there is no
   * such session (unknown id, another user's, revoked — retained or deleted), and then writes
   * nothing. Expiry is core's to judge: an expired session that is not revoked is updated.
   *
   * Concurrency: one atomic step with respect to {@link rotateTokens}, {@link recordActivity}
   * and every revoking method. An update racing with a rotation keeps the rotation's tokens
   * (it writes only its own fields), and the rotation keeps the update's; an update racing with
   * a revocation either happened before it (the revoked session carries the update) or returns
   * `null` — it never brings a revoked session back. Of concurrent updates, the last one to
   * run wins field by field; each one returns the session as it left it.
   */
  updateSession(
    sessionId: string,
    update: SessionUpdate,
    options?: { userId?: string },
  ): Promise<SessionRecord | null>;

  /**
   * Ends one live session as `revocation` says (mark and keep, or delete), dropping its replay
   * either way (a revoked session's tokens never come back). With
   * `options.userId`, only if the session belongs to that user — the ownership check and the
   * revocation are one step. Returns the revoked session as it was before, or `null` when there
   * was no such live session (unknown id, another user's, already revoked); a session already
   * revoked keeps its original `revokedAt` and reason.
   *
   * Concurrency: among concurrent revocations of one session, exactly one returns it.
   */
  revokeSession(
    sessionId: string,
    revocation: Revocation,
    options?: { userId?: string },
  ): Promise<SessionRecord | null>;

  /**
   * Ends every session of `userId` that is not revoked yet — expired ones included, so that none
   * can be refreshed back to life — except `options.exceptSessionId`, as `revocation` says, and
   * drops their replays. API keys (`kind: 'api_key'`) are left alone unless
   * `options.includeApiKeys`. Returns the ids it revoked (empty when none).
   *
   * Concurrency: a session created concurrently is either revoked or not, never half-written.
   */
  revokeSessionsOfUser(
    userId: string,
    revocation: Revocation,
    options?: { exceptSessionId?: string; includeApiKeys?: boolean },
  ): Promise<string[]>;

  /**
   * The user's sessions and API keys, newest first. Without `includeEnded`, only live ones (not revoked,
   * `expiresAt` null or after `now`); with it, also revoked-and-retained and expired ones that
   * have not been pruned. Empty when the user has none.
   */
  listSessionsOfUser(
    userId: string,
    options: { now: Date; includeEnded: boolean },
  ): Promise<SessionRecord[]>;

  /**
   * Deletes at most `limit` sessions that ended at or before `endedBefore` — revoked at or before
   * it, or with `expiresAt` at or before it — of `userId` if given, else of every user, together
   * with their rotated refresh digests and replays. Returns how many sessions it deleted: `0`
   * only when nothing is left to delete. A storage may stop short of `limit` while rows remain
   * (a synchronous driver bounds a batch by time, so that it never blocks verification for long);
   * the caller goes on until a batch deletes nothing.
   *
   * Concurrency: a session is deleted whole — with its rotated digests and replays — or not at
   * all; a rotation or revocation running at the same time either happens before (and its
   * writes are deleted with the session) or finds no session.
   */
  deleteEndedSessions(options: {
    endedBefore: Date;
    limit: number;
    userId?: string;
  }): Promise<number>;

  /**
   * Deletes at most `limit` rotated refresh digests whose own expiry is at or before
   * `expiredBefore` (a thief holding one can no longer use it, so reuse detection no longer
   * needs it). Returns how many it deleted: `0` only when none is left; fewer than `limit` does
   * not mean none is left.
   */
  deleteExpiredRotatedTokens(options: { expiredBefore: Date; limit: number }): Promise<number>;

  /**
   * Deletes at most `limit` replays whose `expiresAt` is at or before `expiredBefore` (their grace
   * window is over), leaving the sessions and rotated digests they were kept with. Returns how
   * many it deleted: `0` only when none is left; fewer than `limit` does not mean none is left.
   */
  deleteExpiredRefreshReplays(options: { expiredBefore: Date; limit: number }): Promise<number>;

  /**
   * Optional: called once when a prune starts, before its first batch. The scope it returns
   * lets the storage prepare for a long run of deletes (on SQLite, checkpoint the WAL from a
   * worker thread and keep it bounded) and undo that afterwards. `end` is always called, also
   * when the prune is aborted or a batch throws. A storage without it is pruned the same way.
   */
  beginPrune?(): Promise<PruneScope>;

  /**
   * Operators' search across users: the sessions `filter` covers (states judged at `page.now`),
   * in the order `createdAt` descending then `id` descending (byte order), strictly after
   * `page.after`, at most `page.limit` of them. Keyset pagination — no offset — so a page costs
   * the same wherever it starts, and sessions created or ended between two pages neither shift
   * nor repeat the rest. Empty when nothing matches (or nothing is left after `page.after`).
   * Returns whole records; core strips the digests before anything leaves the library.
   *
   * Concurrency: a plain read; a session written concurrently is either in the page or not, and
   * appears at most once across pages.
   */
  searchSessions(filter: SessionFilter, page: SessionSearchPage): Promise<SessionRecord[]>;

  /**
   * How many sessions `filter` covers in each state at `now` (`filter.states` limits which states
   * are counted; the others are `0`). All zeros when nothing matches.
   *
   * Concurrency: a plain read; the counts of one call may mix moments of concurrent writes, but
   * each session is counted once.
   */
  countSessionsByState(filter: SessionFilter, now: Date): Promise<SessionStateCounts>;

  /**
   * Bulk revocation: ends every session that `filter` covers at `options.now` and is not revoked
   * yet (live and expired ones; a `filter.states` of only `revoked` matches nothing), except
   * `options.exceptSessionId`, as `revocation` says — recording its reason, `actor` and `note`
   * on retained sessions — and drops their replays. Returns the sessions it ended with their
   * users (empty when none matched).
   *
   * Concurrency: one atomic step. Each session it returns was live or expired, and is now ended,
   * for every reader; of concurrent bulk revocations each session is returned by exactly one; a
   * refresh racing with it either rotated before (and the session is revoked with its new
   * tokens) or fails; a login racing with it is either revoked or not, never half-written.
   */
  revokeMatchingSessions(
    filter: SessionFilter,
    revocation: Revocation,
    options: { now: Date; exceptSessionId?: string },
  ): Promise<RevokedSessionRef[]>;
}

/**
 * What a storage does around the batches of one prune, from {@link SessionStorage.beginPrune}.
 *
 * @example
 * ```ts
 * const storage: SessionStorage = {
 *   ...base,
 *   async beginPrune() {
 *     const started = Date.now();
 *     return { end: async () => log(`prune took ${Date.now() - started} ms`) };
 *   },
 * };
 * ```
 */
export interface PruneScope {
  /** Awaited before every batch but the first: may wait (without blocking) for the storage to catch up. */
  beforeBatch?(): Promise<void>;
  /** Called exactly once after the last batch, also on abort or failure; undoes what `beginPrune` set up. */
  end(): Promise<void>;
}
