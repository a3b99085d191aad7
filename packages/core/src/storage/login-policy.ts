import type { LoginPolicy, SessionKind } from './session-record.js';

/** What {@link sessionsToEnd} needs to know of each existing session of the user. */
export interface ExistingSession {
  id: string;
  /** API keys are outside every login policy; a storage that leaves it out means `session`. */
  kind?: SessionKind;
  createdAt: Date;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

/**
 * What a login policy decides for one new login: admit it after ending `end` (ids, oldest
 * first), or refuse it.
 */
export type LoginPolicyDecision =
  | { admit: true; end: string[] }
  | { admit: false; reason: 'session_limit_reached' };

/**
 * Decides which of a user's sessions a new login ends — the one place this is decided, so that
 * every storage applies single-login and session limits alike. Pure: no I/O, no clock (the
 * login's time is `now`).
 *
 * Only **live** sessions count and can be ended: not revoked, and `expiresAt` null or after
 * `now`. API keys never count and are never ended: they are not logins. They are ended oldest first (by `createdAt`, ties by id), which is also the order of
 * `end`. A storage calls it under its per-user lock with every session of the user it can see
 * (already narrowed to live ones in a query, if it likes: the rule is applied again here), then
 * ends `end` and inserts the new session in the same atomic step.
 *
 * @example
 * ```ts
 * import { sessionsToEnd } from '@authentify/core';
 * const decision = sessionsToEnd(await sessionsOfUserLocked(userId), policy, session.createdAt);
 * if (!decision.admit) return { created: false, reason: decision.reason };
 * for (const id of decision.end) await revokeLocked(id, policy.revocation);
 * ```
 */
export function sessionsToEnd(
  existing: readonly ExistingSession[],
  policy: Pick<LoginPolicy, 'singleLogin' | 'sessionLimit'>,
  now: Date,
): LoginPolicyDecision {
  const liveOldestFirst = existing
    .filter((session) => isLiveLoginAt(session, now))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((session) => session.id);
  if (policy.singleLogin) return { admit: true, end: liveOldestFirst };
  if (policy.sessionLimit === null) return { admit: true, end: [] };
  const excess = liveOldestFirst.length + 1 - policy.sessionLimit.max;
  if (excess <= 0) return { admit: true, end: [] };
  if (policy.sessionLimit.onLimit === 'refuse') return { admit: false, reason: 'session_limit_reached' };
  return { admit: true, end: liveOldestFirst.slice(0, excess) };
}

function isLiveLoginAt(session: ExistingSession, now: Date): boolean {
  return session.kind !== 'api_key' && session.revokedAt === null && (session.expiresAt === null || session.expiresAt.getTime() > now.getTime());
}
