import type { SessionRecord, Transport } from './session-record.js';

/**
 * Where a session stands at a moment, as operator queries see it:
 *
 * - `live`: not revoked, and `expiresAt` is `null` or after the moment (it can still be used or
 *   refreshed; a session whose access token lapsed but whose refresh token works is live).
 * - `expired`: not revoked, and `expiresAt` is at or before the moment (kept until a prune).
 * - `revoked`: revoked and retained for audit, whatever its expiry.
 */
export type SessionState = 'live' | 'expired' | 'revoked';

/** Every state, in the order counts and listings show them. */
export const SESSION_STATES: readonly SessionState[] = ['live', 'expired', 'revoked'];

/**
 * Which sessions an operator query covers, across users. Every field given narrows the set; an
 * empty filter covers every session. Ranges include their start and exclude their end.
 */
export interface SessionFilter {
  /** Only this user's sessions. */
  userId?: string;
  /** Only sessions in one of these states (judged at the query's `now`). [every state] */
  states?: readonly SessionState[];
  /** Only sessions of this transport. */
  transport?: Transport;
  /** Only sessions created at or after this moment. */
  createdFrom?: Date;
  /** Only sessions created before this moment. */
  createdUntil?: Date;
  /** Only sessions last used at or after this moment. */
  lastUsedFrom?: Date;
  /** Only sessions last used before this moment. */
  lastUsedUntil?: Date;
}

/**
 * A position in the operators' order of sessions — `createdAt` descending, then `id`
 * descending (byte order) — which is total and stable however many sessions share a time.
 */
export interface SessionKeyset {
  createdAt: Date;
  id: string;
}

/** One page of {@link SessionStorage.searchSessions}. */
export interface SessionSearchPage {
  /** The moment states are judged at (core passes its clock's now; storage never reads a clock). */
  now: Date;
  /** At most this many sessions (1 or more). */
  limit: number;
  /** Only sessions strictly after this position in the order; `null` = from the start. */
  after: SessionKeyset | null;
}

/** How many sessions are in each state. */
export interface SessionStateCounts {
  live: number;
  expired: number;
  revoked: number;
}

/** A session a bulk revocation ended, with its user (for one `afterRevoke` event per user). */
export interface RevokedSessionRef {
  sessionId: string;
  userId: string;
}

/** The state of `record` at `now` (see {@link SessionState}). */
export function sessionStateAt(record: SessionRecord, now: Date): SessionState {
  if (record.revokedAt !== null) return 'revoked';
  return record.expiresAt !== null && record.expiresAt.getTime() <= now.getTime() ? 'expired' : 'live';
}

/**
 * Whether `record` is covered by `filter` at `now`: the reference semantics of a filter, for
 * storages that evaluate it in JavaScript (the in-memory storage, key-value stores).
 *
 * @example
 * ```ts
 * import { sessionMatchesFilter } from '@authentify/core';
 * const live = records.filter((record) => sessionMatchesFilter(record, { states: ['live'] }, now));
 * ```
 */
export function sessionMatchesFilter(record: SessionRecord, filter: SessionFilter, now: Date): boolean {
  if (filter.userId !== undefined && record.userId !== filter.userId) return false;
  if (filter.transport !== undefined && record.transport !== filter.transport) return false;
  if (filter.states !== undefined && !filter.states.includes(sessionStateAt(record, now))) return false;
  return (
    inRange(record.createdAt, filter.createdFrom, filter.createdUntil) &&
    inRange(record.lastUsedAt, filter.lastUsedFrom, filter.lastUsedUntil)
  );
}

/** Whether `record` comes after `position` in the operators' order (newest first, then id descending). */
export function isAfterKeyset(record: SessionRecord, position: SessionKeyset | null): boolean {
  if (position === null) return true;
  const time = record.createdAt.getTime();
  const at = position.createdAt.getTime();
  return time < at || (time === at && record.id < position.id);
}

/** Sorts in the operators' order: `createdAt` descending, then `id` descending. */
export function compareByKeyset(a: SessionRecord, b: SessionRecord): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function inRange(value: Date, from: Date | undefined, until: Date | undefined): boolean {
  const time = value.getTime();
  return (from === undefined || time >= from.getTime()) && (until === undefined || time < until.getTime());
}
