import type { StorageFailureEvent } from '../diagnostics/storage-failure.js';
import type { RevocationReason, Transport } from '../storage/session-record.js';
import type { ClientInfo } from './client-change.js';
import type { ClientRequest } from './client-request.js';
import type { AuthenticationFailureReason, RefreshFailureReason } from './failure-reasons.js';
import type { Session } from './session.js';

/** What `afterAuthenticate` may return: nothing (accept), a replacement user, or a refusal. */
export type AfterAuthenticateDecision<User> = void | undefined | { user: User } | { refuse: true };

/**
 * What every hook event carries: the request that caused it, as the same neutral view whatever
 * the adapter, or `null` when the call came without one (`authenticateToken` from a WebSocket
 * message, a revocation from a job).
 */
export interface HookEvent {
  readonly request: ClientRequest | null;
}

/** Reported to `onFailure` for every refused authentication or refresh. */
export interface FailureEvent extends HookEvent {
  operation: 'authenticate' | 'refresh';
  reason: AuthenticationFailureReason | RefreshFailureReason;
  /** How the credential arrived, when one did. */
  transport: Transport | null;
  /** The session the token belonged to, when storage found one. */
  sessionId: string | null;
  userId: string | null;
}

/** Reported to `onClientChange` when a session is used from somewhere new (see `clientChange`). */
export interface ClientChangeEvent<Context extends object, User> extends HookEvent {
  /** The session as it is now: `lastIp` and `lastUserAgent` already show `current`. */
  readonly session: Session<Context>;
  /** The session's user (`undefined` before `resolveUser` ran, as on refresh of a gone user). */
  readonly user: User;
  /** Where the session was used from until now. */
  readonly previous: ClientInfo;
  /** Where this request came from. */
  readonly current: ClientInfo;
}

/**
 * Functions Authentify calls at points of a session's life. Each may be async; it is awaited,
 * and an error it throws propagates to the caller (adapters turn it into a 500), so keep them
 * quick and let them fail only for real faults. Every event carries `request` (see
 * {@link HookEvent}): method, path, client IP, user agent and any header.
 *
 * @example
 * ```ts
 * createAuthentify({
 *   storage,
 *   hooks: {
 *     afterAuthenticate: ({ user, session, request }) =>
 *       user.banned || (session.context.pinnedIp && request?.ip !== session.context.pinnedIp) ? { refuse: true } : undefined,
 *     onClientChange: ({ session, previous, current }) => notifyUser(session.userId, previous, current),
 *     onRefreshReuse: ({ userId }) => alertSecurityTeam(userId),
 *     onFailure: ({ reason, transport }) => metrics.increment(`auth.failure.${reason}`),
 *   },
 * });
 * ```
 */
export interface AuthentifyHooks<Context extends object, User> {
  /**
   * After a token was accepted and the user resolved, on every authentication and every refresh
   * (a replayed one too); may replace the user or refuse (`refused`). A refused refresh rotates
   * nothing.
   */
  afterAuthenticate?: (event: HookEvent & {
    session: Session<Context>;
    user: User;
    /** `authenticate` for a request or token, `refresh` for a refresh. */
    operation: 'authenticate' | 'refresh';
  }) => AfterAuthenticateDecision<User> | Promise<AfterAuthenticateDecision<User>>;
  /** After a login started a session (`issueSession`); the user is the application's to know. */
  afterLogin?: (event: HookEvent & { session: Session<Context> }) => void | Promise<void>;
  /** After sliding expiry moved a session's expiry (written to storage). */
  afterSlidingExtension?: (event: HookEvent & { session: Session<Context>; user: User }) => void | Promise<void>;
  /** After a refresh rotated a session's tokens. */
  afterRefresh?: (event: HookEvent & { session: Session<Context>; user: User }) => void | Promise<void>;
  /** After sessions were revoked, for any reason (one event per revoking call). */
  afterRevoke?: (event: HookEvent & {
    userId: string;
    sessionIds: string[];
    reason: RevocationReason;
  }) => void | Promise<void>;
  /** A rotated refresh token was reused outside the grace window; the session is now revoked. */
  onRefreshReuse?: (event: HookEvent & {
    userId: string;
    sessionId: string;
    rotatedAt: Date;
  }) => void | Promise<void>;
  /**
   * A session was used from a new place, as the `clientChange` rule judges it against its last
   * recorded IP and user agent — drf-authentify's "monitor suspicious activity". Called after
   * the new place was written, so it fires once per move (twice at most, when two requests from
   * the new place race). It observes; to refuse such requests, use `afterAuthenticate`.
   */
  onClientChange?: (event: ClientChangeEvent<Context, User>) => void | Promise<void>;
  /** Every refused authentication or refresh, with its reason ("missing" is not a failure). */
  onFailure?: (event: FailureEvent) => void | Promise<void>;
  /**
   * Every storage failure — operation, code, message, cause — before clients get their 503. Not
   * rate-limited (the logger is); not awaited, and an error it throws is logged, not thrown.
   */
  onStorageFailure?: (event: StorageFailureEvent) => void | Promise<void>;
}
