import {
  compareByKeyset,
  constantTimeEqual,
  isAfterKeyset,
  type RevokedSessionRef,
  type SessionFilter,
  type SessionSearchPage,
  type SessionStateCounts,
  sessionMatchesFilter,
  sessionStateAt,
  sessionsToEnd,
  type CreateSessionOutcome,
  type LoginPolicy,
  type RefreshTokenMatch,
  type Revocation,
  type SessionActivity,
  type SessionRecord,
  type SessionStorage,
  type SessionUpdate,
  type TokenRotation,
} from '@authentify/core';
import { KeyLayout, lastSegment } from './key-layout.js';
import type { KeyValueStore } from './key-value-store.js';
import { KeyedLock } from './keyed-lock.js';
import { decodeSession, encodeSession } from './session-codec.js';
import { SessionRecords } from './session-records.js';

/**
 * A `SessionStorage` over a plain {@link KeyValueStore} — the worked example of bringing your own
 * storage. This class keeps the contract and the locking; session-records.ts writes the keys
 * (laid out as key-layout.ts says).
 *
 * **Atomicity.** The store is atomic per key only, but the contract needs multi-key steps to be
 * atomic: a login under single-login or a session limit, a refresh's compare-and-swap, a
 * revocation that exactly one caller wins. Every state change therefore runs under a lock on its
 * user ({@link KeyedLock}): the state changes of one user happen one at a time, those of
 * different users side by side. Readers take no lock. Writes are ordered so that what a reader
 * can see in between is harmless: the session record is written before the index keys that
 * point to it, new index keys before old ones are removed, a rotated refresh digest is recorded
 * before the session stops naming it, and an index entry whose record disagrees is ignored.
 *
 * **One instance per store.** The lock is in this object's memory, so every write to the store
 * must go through one instance: one server process, or one Durable Object (as in
 * examples/edge-worker). Several processes sharing one store need the store's own atomic
 * primitive instead of the lock — a Lua script or WATCH/MULTI on Redis, conditional writes or
 * `TransactWriteItems` on DynamoDB, `atomic().check()` on Deno KV.
 *
 * @example
 * ```ts
 * const auth = createAuthentify({ storage: new KeyValueSessionStorage(new MemoryKeyValueStore()) });
 * ```
 */
export class KeyValueSessionStorage implements SessionStorage {
  readonly #records: SessionRecords;
  readonly #keys: KeyLayout;
  readonly #userLock = new KeyedLock();

  /** `options.keyPrefix` puts every key under a prefix, to share a store with other data. [`''`] */
  constructor(store: KeyValueStore, options: { keyPrefix?: string } = {}) {
    this.#keys = new KeyLayout(options.keyPrefix ?? '');
    this.#records = new SessionRecords(store, this.#keys);
  }

  async createSession(session: SessionRecord, policy: LoginPolicy): Promise<CreateSessionOutcome> {
    return this.#userLock.run(session.userId, async () => {
      const records = new Map((await this.#records.sessionsOf(session.userId)).map((record) => [record.id, record]));
      const decision = sessionsToEnd([...records.values()], policy, session.createdAt);
      if (!decision.admit) return { created: false, reason: decision.reason };
      const toRevoke = decision.end.map((id) => records.get(id)!);
      // Room first, then the new session: a reader never sees more than the policy allows.
      for (const record of toRevoke) await this.#revoke(record, policy.revocation);
      await this.#records.writeNew(session);
      await this.#records.setSessionIdsOf(session.userId, [...(await this.#records.sessionIdsOf(session.userId)), session.id]);
      return { created: true, revokedSessionIds: toRevoke.map((record) => record.id) };
    });
  }

  async findSessionByAccessDigest(accessDigest: string): Promise<SessionRecord | null> {
    const record = await this.#records.readNamedBy(this.#keys.access(accessDigest));
    return record !== null && record.accessDigest === accessDigest ? record : null;
  }

  async findSessionByRefreshDigest(refreshDigest: string): Promise<RefreshTokenMatch | null> {
    const current = await this.#records.readNamedBy(this.#keys.refresh(refreshDigest));
    if (current !== null && current.refreshDigest === refreshDigest) return { state: 'current', session: current };
    const rotated = await this.#records.readRotated(refreshDigest);
    if (rotated === null) return null;
    const session = await this.#records.read(rotated.sessionId);
    return session === null ? null : { state: 'rotated', session, rotatedAt: rotated.rotatedAt, tokenExpiresAt: rotated.tokenExpiresAt };
  }

  findSessionById(sessionId: string): Promise<SessionRecord | null> {
    return this.#records.read(sessionId);
  }

  async rotateTokens(sessionId: string, expectedRefreshDigest: string, rotation: TokenRotation): Promise<SessionRecord | null> {
    return this.#underUserOf(sessionId, null, async (record) => {
      if (record.revokedAt !== null || record.refreshDigest === null) return null;
      if (!constantTimeEqual(record.refreshDigest, expectedRefreshDigest)) return null;
      // Recorded before the session stops naming it: the old digest is always found, as current or
      // as rotated, and once it is found as rotated its replay is there too.
      const tokenExpiresAt = record.refreshExpiresAt ?? rotation.rotatedAt;
      await this.#records.recordRotated(record.refreshDigest, { sessionId, rotatedAt: rotation.rotatedAt, tokenExpiresAt });
      // The one slot: this rotation's replay replaces the previous rotation's (or empties it).
      const replay = rotation.replay === null ? null : { replacedRefreshDigest: record.refreshDigest, ...rotation.replay };
      await this.#records.setReplay(sessionId, replay);
      const updated: SessionRecord = {
        ...record,
        accessDigest: rotation.accessDigest,
        refreshDigest: rotation.refreshDigest,
        accessExpiresAt: rotation.accessExpiresAt,
        refreshExpiresAt: rotation.refreshExpiresAt,
        expiresAt: rotation.expiresAt,
        lastUsedAt: rotation.lastUsedAt,
        lastIp: rotation.lastIp,
        lastUserAgent: rotation.lastUserAgent,
      };
      await this.#records.replace(record, updated);
      return copyOf(updated); // not sharing the caller's Date objects
    });
  }

  async findRefreshReplay(replacedRefreshDigest: string, now: Date): Promise<string | null> {
    const rotated = await this.#records.readRotated(replacedRefreshDigest);
    const replay = rotated === null ? null : await this.#records.readReplay(rotated.sessionId);
    if (replay === null || replay.replacedRefreshDigest !== replacedRefreshDigest) return null;
    return now < replay.expiresAt ? replay.sealed : null;
  }

  async recordActivity(sessionId: string, accessDigest: string, activity: SessionActivity): Promise<boolean> {
    return this.#underUserOf(sessionId, false, async (record) => {
      if (record.revokedAt !== null || !constantTimeEqual(record.accessDigest, accessDigest)) return false;
      if (record.lastUsedAt.getTime() > activity.lastUsedAt.getTime()) return false;
      await this.#records.replace(record, { ...record, ...activity });
      return true;
    });
  }

  async updateSession(sessionId: string, update: SessionUpdate, options: { userId?: string } = {}): Promise<SessionRecord | null> {
    // Under the user's lock, like a rotation: neither can overwrite the other's fields.
    return this.#underUserOf(sessionId, null, async (record) => {
      if (record.revokedAt !== null) return null;
      if (options.userId !== undefined && record.userId !== options.userId) return null;
      const updated: SessionRecord = {
        ...record,
        ...(update.label === undefined ? {} : { label: update.label }),
        ...(update.context === undefined ? {} : { context: update.context }),
        ...(update.authenticatedAt === undefined ? {} : { authenticatedAt: update.authenticatedAt }),
        // A rolled API key's overlap: it ends then, whatever a racing last-used write says.
        ...(update.expiresAt === undefined
          ? {}
          : { accessExpiresAt: update.expiresAt, expiresAt: update.expiresAt, absoluteExpiresAt: update.expiresAt }),
      };
      await this.#records.replace(record, updated);
      return copyOf(updated);
    });
  }

  async revokeSession(sessionId: string, revocation: Revocation, options: { userId?: string } = {}): Promise<SessionRecord | null> {
    return this.#underUserOf(sessionId, null, async (record) => {
      if (record.revokedAt !== null) return null;
      if (options.userId !== undefined && record.userId !== options.userId) return null;
      await this.#revoke(record, revocation);
      return record;
    });
  }

  async revokeSessionsOfUser(
    userId: string,
    revocation: Revocation,
    options: { exceptSessionId?: string; includeApiKeys?: boolean } = {},
  ): Promise<string[]> {
    return this.#userLock.run(userId, async () => {
      const revoked: string[] = [];
      for (const record of await this.#records.sessionsOf(userId)) {
        if (record.revokedAt !== null || record.id === options.exceptSessionId) continue;
        // API keys are not devices: "log out everywhere" leaves them unless asked.
        if (record.kind === 'api_key' && options.includeApiKeys !== true) continue;
        await this.#revoke(record, revocation);
        revoked.push(record.id);
      }
      return revoked;
    });
  }

  async listSessionsOfUser(userId: string, options: { now: Date; includeEnded: boolean }): Promise<SessionRecord[]> {
    const sessions = (await this.#records.sessionsOf(userId)).filter((record) => options.includeEnded || isLive(record, options.now));
    return sessions.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  }

  async deleteEndedSessions(options: { endedBefore: Date; limit: number; userId?: string }): Promise<number> {
    const ended = (record: SessionRecord) =>
      (record.revokedAt !== null && record.revokedAt <= options.endedBefore) || (record.expiresAt !== null && record.expiresAt <= options.endedBefore);
    const candidates =
      options.userId === undefined
        ? await this.#records.endedCandidates(options.endedBefore, options.limit)
        : new Map((await this.#records.sessionsOf(options.userId)).filter(ended).map((record) => [record.id, []]));
    let deleted = 0;
    for (const [sessionId, indexKeys] of [...candidates].slice(0, options.limit)) {
      const outcome = await this.#underUserOf(sessionId, 'missing' as const, async (record) => {
        if (ended(record)) {
          await this.#records.delete(record);
          return 'deleted' as const;
        }
        // Extended or revoked again since it was listed: its index entry moved on.
        await this.#records.deleteIndexKeysNotOf(record, indexKeys);
        return 'kept' as const;
      });
      if (outcome === 'deleted') deleted++;
      // An entry left by an interrupted write names no session: remove it, or it would come back in every batch.
      if (outcome === 'missing') await this.#records.deleteIndexKeysNotOf(null, indexKeys);
    }
    return deleted;
  }

  deleteExpiredRotatedTokens(options: { expiredBefore: Date; limit: number }): Promise<number> {
    return this.#records.deleteRotatedExpiredBefore(options.expiredBefore, options.limit);
  }

  async deleteExpiredRefreshReplays(options: { expiredBefore: Date; limit: number }): Promise<number> {
    let deleted = 0;
    for (const indexKey of await this.#records.replayEndsUpTo(options.expiredBefore, options.limit)) {
      const sessionId = lastSegment(indexKey);
      // Under the user's lock, so that a rotation writing a fresh replay meanwhile is not undone.
      const outcome = await this.#underUserOf(sessionId, 'missing' as const, async () => {
        const replay = await this.#records.readReplay(sessionId);
        if (replay !== null && replay.expiresAt <= options.expiredBefore) {
          await this.#records.setReplay(sessionId, null);
          return 'deleted' as const;
        }
        return 'stale' as const;
      });
      if (outcome === 'deleted') deleted++;
      // A leftover of an interrupted write, or of a session deleted meanwhile: it would come back in every batch.
      else await this.#records.deleteReplayIndexKey(indexKey, outcome === 'missing');
    }
    return deleted;
  }

  async searchSessions(filter: SessionFilter, page: SessionSearchPage): Promise<SessionRecord[]> {
    return (await this.#matching(filter, page.now))
      .filter((record) => isAfterKeyset(record, page.after))
      .sort(compareByKeyset)
      .slice(0, page.limit);
  }

  async countSessionsByState(filter: SessionFilter, now: Date): Promise<SessionStateCounts> {
    const counts: SessionStateCounts = { live: 0, expired: 0, revoked: 0 };
    for (const record of await this.#matching(filter, now)) counts[sessionStateAt(record, now)]++;
    return counts;
  }

  /**
   * Each matching session is checked again and revoked under its user's lock, so a concurrent
   * login, refresh or revocation of that user is ordered before or after it, and of concurrent
   * bulk revocations exactly one returns each session. (Across users the per-key store cannot
   * offer one atomic step; a store with transactions would take them all in one.)
   */
  async revokeMatchingSessions(
    filter: SessionFilter,
    revocation: Revocation,
    options: { now: Date; exceptSessionId?: string },
  ): Promise<RevokedSessionRef[]> {
    const revoked: RevokedSessionRef[] = [];
    for (const candidate of (await this.#matching(filter, options.now)).sort(compareByKeyset)) {
      if (candidate.revokedAt !== null || candidate.id === options.exceptSessionId) continue;
      const ended = await this.#underUserOf(candidate.id, false, async (record) => {
        if (record.revokedAt !== null || !sessionMatchesFilter(record, filter, options.now)) return false;
        await this.#revoke(record, revocation);
        return true;
      });
      if (ended) revoked.push({ sessionId: candidate.id, userId: candidate.userId });
    }
    return revoked;
  }

  async #matching(filter: SessionFilter, now: Date): Promise<SessionRecord[]> {
    const candidates = filter.userId === undefined ? await this.#records.allSessions() : await this.#records.sessionsOf(filter.userId);
    return candidates.filter((record) => sessionMatchesFilter(record, filter, now));
  }

  /** Runs `task` on the current record of `sessionId` under its user's lock; `missing` when there is none. */
  async #underUserOf<T>(sessionId: string, missing: T, task: (record: SessionRecord) => Promise<T>): Promise<T> {
    // A session's user never changes, so reading it before taking the lock is safe; the record
    // itself is read again under the lock, where it cannot change.
    const unlocked = await this.#records.read(sessionId);
    if (unlocked === null) return missing;
    return this.#userLock.run(unlocked.userId, async () => {
      const record = await this.#records.read(sessionId);
      return record === null ? missing : task(record);
    });
  }

  async #revoke(record: SessionRecord, revocation: Revocation): Promise<void> {
    if (revocation.retain) {
      await this.#records.setReplay(record.id, null);
      await this.#records.replace(record, {
        ...record,
        revokedAt: revocation.at,
        revocationReason: revocation.reason,
        revokedBy: revocation.actor ?? null,
        revocationNote: revocation.note ?? null,
      });
    } else {
      await this.#records.delete(record);
    }
  }
}

function copyOf(record: SessionRecord): SessionRecord {
  return decodeSession(encodeSession(record));
}

function isLive(record: SessionRecord, now: Date): boolean {
  return record.revokedAt === null && (record.expiresAt === null || record.expiresAt > now);
}

