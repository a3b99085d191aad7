import type { StorageFailureEvent } from '../diagnostics/storage-failure.js';
import type { RevocationReason, Transport } from '../storage/session-record.js';
import type { AuthenticationFailureReason, RefreshFailureReason } from './failure-reasons.js';
import type { Session } from './session.js';

/** What `afterAuthenticate` may return: nothing (accept), a replacement user, or a refusal. */
export type AfterAuthenticateDecision<User> = void | undefined | { user: User } | { refuse: true };

/** Reported to `onFailure` for every refused authentication or refresh. */
export interface FailureEvent {
  operation: 'authenticate' | 'refresh';
  reason: AuthenticationFailureReason | RefreshFailureReason;
  /** How the credential arrived, when one did. */
  transport: Transport | null;
  /** The session the token belonged to, when storage found one. */
  sessionId: string | null;
  userId: string | null;
}

/**
 * Functions Authentify calls at points of a session's life. Each may be async; it is awaited,
 * and an error it throws propagates to the caller (adapters turn it into a 500), so keep them
 * quick and let them fail only for real faults.
 *
 * @example
 * ```ts
 * createAuthentify({
 *   storage,
 *   hooks: {
 *     afterAuthenticate: ({ user }) => (user.banned ? { refuse: true } : undefined),
 *     onRefreshReuse: ({ userId }) => alertSecurityTeam(userId),
 *     onFailure: ({ reason, transport }) => metrics.increment(`auth.failure.${reason}`),
 *   },
 * });
 * ```
 */
export interface AuthentifyHooks<Context extends object, User> {
  /** After a token was accepted and the user resolved; may replace the user or refuse. */
  afterAuthenticate?: (event: {
    session: Session<Context>;
    user: User;
  }) => AfterAuthenticateDecision<User> | Promise<AfterAuthenticateDecision<User>>;
  /** After sliding expiry moved a session's expiry (written to storage). */
  afterSlidingExtension?: (event: { session: Session<Context>; user: User }) => void | Promise<void>;
  /** After a refresh rotated a session's tokens. */
  afterRefresh?: (event: { session: Session<Context>; user: User }) => void | Promise<void>;
  /** After sessions were revoked, for any reason (one event per revoking call). */
  afterRevoke?: (event: {
    userId: string;
    sessionIds: string[];
    reason: RevocationReason;
  }) => void | Promise<void>;
  /** A rotated refresh token was reused outside the grace window; the session is now revoked. */
  onRefreshReuse?: (event: {
    userId: string;
    sessionId: string;
    rotatedAt: Date;
  }) => void | Promise<void>;
  /** Every refused authentication or refresh, with its reason ("missing" is not a failure). */
  onFailure?: (event: FailureEvent) => void | Promise<void>;
  /**
   * Every storage failure — operation, code, message, cause — before clients get their 503. Not
   * rate-limited (the logger is); not awaited, and an error it throws is logged, not thrown.
   */
  onStorageFailure?: (event: StorageFailureEvent) => void | Promise<void>;
}
