import { constantTimeEqual } from '../tokens/constant-time.js';
import { sessionsToEnd } from './login-policy.js';
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
import {
  compareByKeyset,
  isAfterKeyset,
  type RevokedSessionRef,
  type SessionFilter,
  type SessionSearchPage,
  type SessionStateCounts,
  sessionMatchesFilter,
  sessionStateAt,
} from './session-search.js';
import type { SessionStorage } from './session-storage.js';

interface RotatedToken {
  sessionId: string;
  rotatedAt: Date;
  tokenExpiresAt: Date;
}

/** A session's replay (at most one: its latest rotation's), with the digest it was kept for. */
interface KeptReplay {
  replacedRefreshDigest: string;
  sealed: string;
  expiresAt: Date;
}

/**
 * A {@link SessionStorage} in process memory: for tests, prototypes and single-process tools.
 * Everything is lost when the process exits, and instances of an app do not share it — use
 * `@authentify/kysely` (SQLite, Postgres, MySQL) for anything real.
 *
 * Each method does all of its work synchronously before its promise settles, so every method
 * is atomic with respect to every other: JavaScript runs one of them at a time.
 *
 * @example
 * ```ts
 * import { createAuthentify, MemorySessionStorage } from '@authentify/core';
 * const auth = createAuthentify({ storage: new MemorySessionStorage() });
 * ```
 */
export class MemorySessionStorage implements SessionStorage {
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #idByAccessDigest = new Map<string, string>();
  readonly #idByRefreshDigest = new Map<string, string>();
  readonly #rotatedTokens = new Map<string, RotatedToken>();
  readonly #idsByUser = new Map<string, Set<string>>();
  readonly #rotatedDigestsBySession = new Map<string, Set<string>>();
  readonly #replayBySession = new Map<string, KeptReplay>();

  /** How many sessions it holds, in any state (for tests and diagnostics). */
  get size(): number {
    return this.#sessions.size;
  }

  async createSession(session: SessionRecord, policy: LoginPolicy): Promise<CreateSessionOutcome> {
    const decision = sessionsToEnd(this.#sessionsOf(session.userId), policy, session.createdAt);
    if (!decision.admit) return { created: false, reason: decision.reason };
    for (const id of decision.end) this.#revoke(this.#sessions.get(id)!, policy.revocation);
    this.#insert(copy(session));
    return { created: true, revokedSessionIds: decision.end };
  }

  async findSessionByAccessDigest(accessDigest: string): Promise<SessionRecord | null> {
    return this.findSessionByAccessDigestSync(accessDigest);
  }

  findSessionByAccessDigestSync(accessDigest: string): SessionRecord | null {
    const id = this.#idByAccessDigest.get(accessDigest);
    return id === undefined ? null : this.#copyOf(id);
  }

  async findSessionByRefreshDigest(refreshDigest: string): Promise<RefreshTokenMatch | null> {
    const currentId = this.#idByRefreshDigest.get(refreshDigest);
    if (currentId !== undefined) {
      const session = this.#copyOf(currentId);
      return session === null ? null : { state: 'current', session };
    }
    const rotated = this.#rotatedTokens.get(refreshDigest);
    if (rotated === undefined) return null;
    const session = this.#copyOf(rotated.sessionId);
    if (session === null) return null;
    return {
      state: 'rotated',
      session,
      rotatedAt: new Date(rotated.rotatedAt),
      tokenExpiresAt: new Date(rotated.tokenExpiresAt),
    };
  }

  async findSessionById(sessionId: string): Promise<SessionRecord | null> {
    return this.#copyOf(sessionId);
  }

  async rotateTokens(
    sessionId: string,
    expectedRefreshDigest: string,
    rotation: TokenRotation,
  ): Promise<SessionRecord | null> {
    const session = this.#sessions.get(sessionId);
    if (session === undefined || session.revokedAt !== null || session.refreshDigest === null) {
      return null;
    }
    if (!constantTimeEqual(session.refreshDigest, expectedRefreshDigest)) return null;
    this.#rememberRotated(session.refreshDigest, {
      sessionId,
      rotatedAt: new Date(rotation.rotatedAt),
      // A current refresh digest always has an expiry (see SessionRecord.refreshExpiresAt).
      tokenExpiresAt: new Date(session.refreshExpiresAt ?? rotation.rotatedAt),
    });
    this.#idByAccessDigest.delete(session.accessDigest);
    this.#idByRefreshDigest.delete(session.refreshDigest);
    const updated: SessionRecord = {
      ...session,
      accessDigest: rotation.accessDigest,
      refreshDigest: rotation.refreshDigest,
      accessExpiresAt: copyDate(rotation.accessExpiresAt),
      refreshExpiresAt: new Date(rotation.refreshExpiresAt),
      expiresAt: copyDate(rotation.expiresAt),
      lastUsedAt: new Date(rotation.lastUsedAt),
      lastIp: rotation.lastIp,
      lastUserAgent: rotation.lastUserAgent,
    };
    this.#sessions.set(sessionId, updated);
    this.#idByAccessDigest.set(updated.accessDigest, sessionId);
    this.#idByRefreshDigest.set(rotation.refreshDigest, sessionId);
    if (rotation.replay === null) {
      this.#replayBySession.delete(sessionId);
    } else {
      this.#replayBySession.set(sessionId, {
        replacedRefreshDigest: expectedRefreshDigest,
        sealed: rotation.replay.sealed,
        expiresAt: new Date(rotation.replay.expiresAt),
      });
    }
    return copy(updated);
  }

  async findRefreshReplay(replacedRefreshDigest: string, now: Date): Promise<string | null> {
    const sessionId = this.#rotatedTokens.get(replacedRefreshDigest)?.sessionId;
    const replay = sessionId === undefined ? undefined : this.#replayBySession.get(sessionId);
    if (replay === undefined || replay.replacedRefreshDigest !== replacedRefreshDigest) return null;
    return now.getTime() < replay.expiresAt.getTime() ? replay.sealed : null;
  }

  async recordActivity(
    sessionId: string,
    accessDigest: string,
    activity: SessionActivity,
  ): Promise<boolean> {
    const session = this.#sessions.get(sessionId);
    if (session === undefined || session.revokedAt !== null) return false;
    if (!constantTimeEqual(session.accessDigest, accessDigest)) return false;
    if (session.lastUsedAt.getTime() > activity.lastUsedAt.getTime()) return false;
    this.#sessions.set(sessionId, {
      ...session,
      lastUsedAt: new Date(activity.lastUsedAt),
      lastIp: activity.lastIp,
      lastUserAgent: activity.lastUserAgent,
      accessExpiresAt: copyDate(activity.accessExpiresAt),
      refreshExpiresAt: copyDate(activity.refreshExpiresAt),
      expiresAt: copyDate(activity.expiresAt),
    });
    return true;
  }

  async updateSession(
    sessionId: string,
    update: SessionUpdate,
    options: { userId?: string } = {},
  ): Promise<SessionRecord | null> {
    const session = this.#sessions.get(sessionId);
    if (session === undefined || session.revokedAt !== null) return null;
    if (options.userId !== undefined && session.userId !== options.userId) return null;
    const updated: SessionRecord = {
      ...session,
      ...(update.label === undefined ? {} : { label: update.label }),
      ...(update.context === undefined ? {} : { context: structuredClone(update.context) }),
      ...(update.authenticatedAt === undefined ? {} : { authenticatedAt: new Date(update.authenticatedAt) }),
      ...(update.expiresAt === undefined
        ? {}
        : { accessExpiresAt: new Date(update.expiresAt), expiresAt: new Date(update.expiresAt), absoluteExpiresAt: new Date(update.expiresAt) }),
    };
    this.#sessions.set(sessionId, updated);
    return copy(updated);
  }

  async revokeSession(
    sessionId: string,
    revocation: Revocation,
    options: { userId?: string } = {},
  ): Promise<SessionRecord | null> {
    const session = this.#sessions.get(sessionId);
    if (session === undefined || session.revokedAt !== null) return null;
    if (options.userId !== undefined && session.userId !== options.userId) return null;
    const before = copy(session);
    this.#revoke(session, revocation);
    return before;
  }

  async revokeSessionsOfUser(
    userId: string,
    revocation: Revocation,
    options: { exceptSessionId?: string; includeApiKeys?: boolean } = {},
  ): Promise<string[]> {
    const revoked: string[] = [];
    for (const id of this.#idsByUser.get(userId) ?? []) {
      const session = this.#sessions.get(id);
      if (session === undefined || session.revokedAt !== null || id === options.exceptSessionId) {
        continue;
      }
      if (session.kind === 'api_key' && options.includeApiKeys !== true) continue;
      this.#revoke(session, revocation);
      revoked.push(id);
    }
    return revoked;
  }

  async listSessionsOfUser(
    userId: string,
    options: { now: Date; includeEnded: boolean },
  ): Promise<SessionRecord[]> {
    const sessions = [...(this.#idsByUser.get(userId) ?? [])]
      .map((id) => this.#sessions.get(id))
      .filter((session): session is SessionRecord => session !== undefined)
      .filter((session) => options.includeEnded || isLive(session, options.now));
    return sessions
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map(copy);
  }

  async deleteEndedSessions(options: {
    endedBefore: Date;
    limit: number;
    userId?: string;
  }): Promise<number> {
    const cutoff = options.endedBefore.getTime();
    const candidates =
      options.userId === undefined
        ? this.#sessions.values()
        : [...(this.#idsByUser.get(options.userId) ?? [])].map((id) => this.#sessions.get(id)!);
    const ended: SessionRecord[] = [];
    for (const session of candidates) {
      if (ended.length >= options.limit) break;
      const revokedBefore = session.revokedAt !== null && session.revokedAt.getTime() <= cutoff;
      const expiredBefore = session.expiresAt !== null && session.expiresAt.getTime() <= cutoff;
      if (revokedBefore || expiredBefore) ended.push(session);
    }
    for (const session of ended) this.#delete(session);
    return ended.length;
  }

  async deleteExpiredRotatedTokens(options: {
    expiredBefore: Date;
    limit: number;
  }): Promise<number> {
    let deleted = 0;
    for (const [digest, rotated] of this.#rotatedTokens) {
      if (deleted >= options.limit) break;
      if (rotated.tokenExpiresAt.getTime() <= options.expiredBefore.getTime()) {
        this.#rotatedTokens.delete(digest);
        this.#rotatedDigestsBySession.get(rotated.sessionId)?.delete(digest);
        deleted++;
      }
    }
    return deleted;
  }

  async deleteExpiredRefreshReplays(options: { expiredBefore: Date; limit: number }): Promise<number> {
    let deleted = 0;
    for (const [sessionId, replay] of this.#replayBySession) {
      if (deleted >= options.limit) break;
      if (replay.expiresAt.getTime() <= options.expiredBefore.getTime()) {
        this.#replayBySession.delete(sessionId);
        deleted++;
      }
    }
    return deleted;
  }

  async searchSessions(filter: SessionFilter, page: SessionSearchPage): Promise<SessionRecord[]> {
    return this.#matching(filter, page.now)
      .filter((session) => isAfterKeyset(session, page.after))
      .sort(compareByKeyset)
      .slice(0, page.limit)
      .map(copy);
  }

  async countSessionsByState(filter: SessionFilter, now: Date): Promise<SessionStateCounts> {
    const counts: SessionStateCounts = { live: 0, expired: 0, revoked: 0 };
    for (const session of this.#matching(filter, now)) counts[sessionStateAt(session, now)]++;
    return counts;
  }

  async revokeMatchingSessions(
    filter: SessionFilter,
    revocation: Revocation,
    options: { now: Date; exceptSessionId?: string },
  ): Promise<RevokedSessionRef[]> {
    const ended = this.#matching(filter, options.now)
      .filter((session) => session.revokedAt === null && session.id !== options.exceptSessionId)
      .sort(compareByKeyset);
    for (const session of ended) this.#revoke(session, revocation);
    return ended.map((session) => ({ sessionId: session.id, userId: session.userId }));
  }

  /** The stored (uncopied) sessions `filter` covers at `now`. */
  #matching(filter: SessionFilter, now: Date): SessionRecord[] {
    const candidates =
      filter.userId === undefined
        ? [...this.#sessions.values()]
        : [...(this.#idsByUser.get(filter.userId) ?? [])].map((id) => this.#sessions.get(id)!);
    return candidates.filter((session) => sessionMatchesFilter(session, filter, now));
  }

  #sessionsOf(userId: string): SessionRecord[] {
    return [...(this.#idsByUser.get(userId) ?? [])].map((id) => this.#sessions.get(id)!);
  }

  #insert(session: SessionRecord): void {
    this.#sessions.set(session.id, session);
    this.#idByAccessDigest.set(session.accessDigest, session.id);
    if (session.refreshDigest !== null) this.#idByRefreshDigest.set(session.refreshDigest, session.id);
    let ids = this.#idsByUser.get(session.userId);
    if (ids === undefined) this.#idsByUser.set(session.userId, (ids = new Set()));
    ids.add(session.id);
  }

  #revoke(session: SessionRecord, revocation: Revocation): void {
    this.#replayBySession.delete(session.id);
    if (!revocation.retain) {
      this.#delete(session);
      return;
    }
    this.#sessions.set(session.id, {
      ...session,
      revokedAt: new Date(revocation.at),
      revocationReason: revocation.reason,
      revokedBy: revocation.actor ?? null,
      revocationNote: revocation.note ?? null,
    });
  }

  #delete(session: SessionRecord): void {
    this.#sessions.delete(session.id);
    this.#idByAccessDigest.delete(session.accessDigest);
    if (session.refreshDigest !== null) this.#idByRefreshDigest.delete(session.refreshDigest);
    this.#idsByUser.get(session.userId)?.delete(session.id);
    for (const digest of this.#rotatedDigestsBySession.get(session.id) ?? []) {
      this.#rotatedTokens.delete(digest);
    }
    this.#rotatedDigestsBySession.delete(session.id);
    this.#replayBySession.delete(session.id);
  }

  #rememberRotated(digest: string, rotated: RotatedToken): void {
    this.#rotatedTokens.set(digest, rotated);
    let digests = this.#rotatedDigestsBySession.get(rotated.sessionId);
    if (digests === undefined) this.#rotatedDigestsBySession.set(rotated.sessionId, (digests = new Set()));
    digests.add(digest);
  }

  #copyOf(sessionId: string): SessionRecord | null {
    const session = this.#sessions.get(sessionId);
    return session === undefined ? null : copy(session);
  }
}

function isLive(session: SessionRecord, now: Date): boolean {
  return (
    session.revokedAt === null &&
    (session.expiresAt === null || session.expiresAt.getTime() > now.getTime())
  );
}

function copyDate(date: Date | null): Date | null {
  return date === null ? null : new Date(date);
}

/** A deep copy, so that callers can neither see nor make changes behind storage's back. */
function copy(session: SessionRecord): SessionRecord {
  return {
    ...session,
    context: structuredClone(session.context),
    createdAt: new Date(session.createdAt),
    authenticatedAt: new Date(session.authenticatedAt),
    lastUsedAt: new Date(session.lastUsedAt),
    accessExpiresAt: copyDate(session.accessExpiresAt),
    refreshExpiresAt: copyDate(session.refreshExpiresAt),
    expiresAt: copyDate(session.expiresAt),
    absoluteExpiresAt: copyDate(session.absoluteExpiresAt),
    revokedAt: copyDate(session.revokedAt),
    scopes: session.scopes === null ? null : [...session.scopes],
  };
}
