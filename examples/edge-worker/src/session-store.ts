import type {
  CreateSessionOutcome,
  LoginPolicy,
  RefreshTokenMatch,
  Revocation,
  RevokedSessionRef,
  SessionActivity,
  SessionFilter,
  SessionRecord,
  SessionSearchPage,
  SessionStateCounts,
  SessionStorage,
  SessionUpdate,
  TokenRotation,
} from '@authentify/core';
import { KeyValueSessionStorage } from '@authentify/example-custom-storage';
import { DurableObject } from 'cloudflare:workers';
import { DurableObjectKeyValueStore } from './durable-object-key-value-store.js';

/**
 * The Durable Object that holds every session: the `KeyValueSessionStorage` of
 * examples/custom-storage on the object's own storage. Workers run in many isolates in many
 * places, but there is exactly one instance of this object, so every worker reaches the same
 * sessions — and the storage's per-user lock, which lives in this object's memory, really sees
 * every write. Its methods are the `SessionStorage` contract, called over RPC (dates and all:
 * RPC arguments are structured-cloned).
 */
export class SessionStore extends DurableObject implements SessionStorage {
  readonly #storage = new KeyValueSessionStorage(new DurableObjectKeyValueStore(this.ctx.storage));

  createSession(session: SessionRecord, policy: LoginPolicy): Promise<CreateSessionOutcome> {
    return this.#storage.createSession(session, policy);
  }
  findSessionByAccessDigest(accessDigest: string): Promise<SessionRecord | null> {
    return this.#storage.findSessionByAccessDigest(accessDigest);
  }
  findSessionByRefreshDigest(refreshDigest: string): Promise<RefreshTokenMatch | null> {
    return this.#storage.findSessionByRefreshDigest(refreshDigest);
  }
  findSessionById(sessionId: string): Promise<SessionRecord | null> {
    return this.#storage.findSessionById(sessionId);
  }
  rotateTokens(sessionId: string, expectedRefreshDigest: string, rotation: TokenRotation): Promise<SessionRecord | null> {
    return this.#storage.rotateTokens(sessionId, expectedRefreshDigest, rotation);
  }
  findRefreshReplay(replacedRefreshDigest: string, now: Date): Promise<string | null> {
    return this.#storage.findRefreshReplay(replacedRefreshDigest, now);
  }
  recordActivity(sessionId: string, accessDigest: string, activity: SessionActivity): Promise<boolean> {
    return this.#storage.recordActivity(sessionId, accessDigest, activity);
  }
  updateSession(sessionId: string, update: SessionUpdate, options?: { userId?: string }): Promise<SessionRecord | null> {
    return this.#storage.updateSession(sessionId, update, options);
  }
  revokeSession(sessionId: string, revocation: Revocation, options?: { userId?: string }): Promise<SessionRecord | null> {
    return this.#storage.revokeSession(sessionId, revocation, options);
  }
  revokeSessionsOfUser(userId: string, revocation: Revocation, options?: { exceptSessionId?: string }): Promise<string[]> {
    return this.#storage.revokeSessionsOfUser(userId, revocation, options);
  }
  listSessionsOfUser(userId: string, options: { now: Date; includeEnded: boolean }): Promise<SessionRecord[]> {
    return this.#storage.listSessionsOfUser(userId, options);
  }
  deleteEndedSessions(options: { endedBefore: Date; limit: number; userId?: string }): Promise<number> {
    return this.#storage.deleteEndedSessions(options);
  }
  deleteExpiredRotatedTokens(options: { expiredBefore: Date; limit: number }): Promise<number> {
    return this.#storage.deleteExpiredRotatedTokens(options);
  }
  deleteExpiredRefreshReplays(options: { expiredBefore: Date; limit: number }): Promise<number> {
    return this.#storage.deleteExpiredRefreshReplays(options);
  }
  searchSessions(filter: SessionFilter, page: SessionSearchPage): Promise<SessionRecord[]> {
    return this.#storage.searchSessions(filter, page);
  }
  countSessionsByState(filter: SessionFilter, now: Date): Promise<SessionStateCounts> {
    return this.#storage.countSessionsByState(filter, now);
  }
  revokeMatchingSessions(filter: SessionFilter, revocation: Revocation, options: { now: Date; exceptSessionId?: string }): Promise<RevokedSessionRef[]> {
    return this.#storage.revokeMatchingSessions(filter, revocation, options);
  }
}

/**
 * The worker's side: a `SessionStorage` whose every call goes to the one `SessionStore`. (The RPC
 * stub has the same methods; this class names them, so the types say what crosses the wire.)
 *
 * It takes a new stub for each call: a stub belongs to the request that created it, and workerd
 * refuses I/O through it from any other request. Getting one is cheap and does no I/O.
 */
export class DurableObjectSessionStorage implements SessionStorage {
  readonly #namespace: DurableObjectNamespace<SessionStorage>;

  constructor(namespace: DurableObjectNamespace<SessionStorage>) {
    this.#namespace = namespace;
  }

  get #store(): SessionStorage {
    return this.#namespace.get(this.#namespace.idFromName('sessions'));
  }

  createSession(session: SessionRecord, policy: LoginPolicy): Promise<CreateSessionOutcome> {
    return this.#store.createSession(session, policy);
  }
  findSessionByAccessDigest(accessDigest: string): Promise<SessionRecord | null> {
    return this.#store.findSessionByAccessDigest(accessDigest);
  }
  findSessionByRefreshDigest(refreshDigest: string): Promise<RefreshTokenMatch | null> {
    return this.#store.findSessionByRefreshDigest(refreshDigest);
  }
  findSessionById(sessionId: string): Promise<SessionRecord | null> {
    return this.#store.findSessionById(sessionId);
  }
  rotateTokens(sessionId: string, expectedRefreshDigest: string, rotation: TokenRotation): Promise<SessionRecord | null> {
    return this.#store.rotateTokens(sessionId, expectedRefreshDigest, rotation);
  }
  findRefreshReplay(replacedRefreshDigest: string, now: Date): Promise<string | null> {
    return this.#store.findRefreshReplay(replacedRefreshDigest, now);
  }
  recordActivity(sessionId: string, accessDigest: string, activity: SessionActivity): Promise<boolean> {
    return this.#store.recordActivity(sessionId, accessDigest, activity);
  }
  updateSession(sessionId: string, update: SessionUpdate, options?: { userId?: string }): Promise<SessionRecord | null> {
    return this.#store.updateSession(sessionId, update, options);
  }
  revokeSession(sessionId: string, revocation: Revocation, options?: { userId?: string }): Promise<SessionRecord | null> {
    return this.#store.revokeSession(sessionId, revocation, options);
  }
  revokeSessionsOfUser(userId: string, revocation: Revocation, options?: { exceptSessionId?: string }): Promise<string[]> {
    return this.#store.revokeSessionsOfUser(userId, revocation, options);
  }
  listSessionsOfUser(userId: string, options: { now: Date; includeEnded: boolean }): Promise<SessionRecord[]> {
    return this.#store.listSessionsOfUser(userId, options);
  }
  deleteEndedSessions(options: { endedBefore: Date; limit: number; userId?: string }): Promise<number> {
    return this.#store.deleteEndedSessions(options);
  }
  deleteExpiredRotatedTokens(options: { expiredBefore: Date; limit: number }): Promise<number> {
    return this.#store.deleteExpiredRotatedTokens(options);
  }
  deleteExpiredRefreshReplays(options: { expiredBefore: Date; limit: number }): Promise<number> {
    return this.#store.deleteExpiredRefreshReplays(options);
  }
  searchSessions(filter: SessionFilter, page: SessionSearchPage): Promise<SessionRecord[]> {
    return this.#store.searchSessions(filter, page);
  }
  countSessionsByState(filter: SessionFilter, now: Date): Promise<SessionStateCounts> {
    return this.#store.countSessionsByState(filter, now);
  }
  revokeMatchingSessions(filter: SessionFilter, revocation: Revocation, options: { now: Date; exceptSessionId?: string }): Promise<RevokedSessionRef[]> {
    return this.#store.revokeMatchingSessions(filter, revocation, options);
  }
}
