import type { Credential } from '../credentials/read-credential.js';
import type { SessionRecord, Transport } from '../storage/session-record.js';
import type { AuthenticationFailureReason } from './failure-reasons.js';
import type { FailureEvent } from './hooks.js';
import { activityDue } from './lifetime.js';
import { presentSession, type Runtime } from './runtime.js';
import { type Session, sessionStatus } from './session.js';

/** A refused authentication: the reason, and what is known of the credential. */
export interface AuthenticationFailure {
  readonly ok: false;
  readonly reason: AuthenticationFailureReason;
  /** How the credential arrived; `null` when there was none. */
  readonly transport: Transport | null;
  /** The session the token belonged to, when storage found one. */
  readonly sessionId: string | null;
  readonly userId: string | null;
}

/** An accepted authentication. */
export interface AuthenticationSuccess<Context extends object, User> {
  readonly ok: true;
  readonly session: Session<Context>;
  /** What `resolveUser` returned (or the `afterAuthenticate` hook's replacement). */
  readonly user: User;
  /**
   * `true` when sliding expiry moved the session's expiry on this request; for a cookie session
   * the adapter re-sets the cookie with the new expiry.
   */
  readonly extended: boolean;
}

/** The outcome of authenticating a request or a token: success, or a reason it was refused. */
export type AuthenticationResult<Context extends object, User> =
  | AuthenticationSuccess<Context, User>
  | AuthenticationFailure;

/**
 * Authenticates one access credential: format and checksum first (no I/O), then one storage
 * lookup by digest, then revocation, expiry, transport, user, hook — and only then, if due, the
 * sliding extension or last-used write.
 */
export async function authenticateCredential<Context extends object, User>(
  runtime: Runtime<Context, User>,
  credential: Credential,
): Promise<AuthenticationResult<Context, User>> {
  const { options, codec, hasher, storage } = runtime;
  if (!codec.isWellFormed('access', credential.token)) {
    return authenticationFailure(runtime, 'malformed', credential.transport, null);
  }
  // node:crypto digests synchronously; awaiting a plain string would still cost a microtask.
  const digest = hasher.digest(credential.token);
  const record = await storage.findSessionByAccessDigest(typeof digest === 'string' ? digest : await digest);
  if (record === null) return authenticationFailure(runtime, 'invalid', credential.transport, null);

  const now = options.clock();
  const status = sessionStatus(record, now, 'access');
  if (status !== 'active') return authenticationFailure(runtime, status, credential.transport, record);
  if (options.transportRestriction && record.transport !== credential.transport) {
    return authenticationFailure(runtime, 'wrong_transport', credential.transport, record);
  }

  let user = undefined as User;
  if (options.resolveUser !== undefined) {
    const resolved = await options.resolveUser(record.userId);
    if (resolved === null || resolved === undefined) {
      return authenticationFailure(runtime, 'user_inactive', credential.transport, record);
    }
    user = resolved;
  }

  let session = presentSession<Context>(runtime, record, 'active');
  if (options.hooks.afterAuthenticate !== undefined) {
    const decision = await options.hooks.afterAuthenticate({ session, user });
    if (decision !== undefined && decision !== null) {
      if ('refuse' in decision && decision.refuse) {
        return authenticationFailure(runtime, 'refused', credential.transport, record);
      }
      if ('user' in decision) user = decision.user;
    }
  }

  const due = activityDue(record, now, options);
  let extended = false;
  if (due !== null && (await storage.recordActivity(record.id, record.accessDigest, due.activity))) {
    extended = due.extended;
    session = { ...session, ...due.activity };
    if (extended) await options.hooks.afterSlidingExtension?.({ session, user });
  }
  return { ok: true, session, user, extended };
}

/** Builds a failure result and reports it to the `onFailure` hook ("missing" is not reported). */
export async function authenticationFailure(
  runtime: { options: { hooks: { onFailure?: (event: FailureEvent) => void | Promise<void> } } },
  reason: AuthenticationFailureReason,
  transport: Transport | null,
  record: SessionRecord | null,
): Promise<AuthenticationFailure> {
  const sessionId = record?.id ?? null;
  const userId = record?.userId ?? null;
  if (reason !== 'missing') {
    await runtime.options.hooks.onFailure?.({ operation: 'authenticate', reason, transport, sessionId, userId });
  }
  return { ok: false, reason, transport, sessionId, userId };
}
