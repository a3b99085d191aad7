import type { Credential } from '../credentials/read-credential.js';
import type { SessionRecord, Transport } from '../storage/session-record.js';
import type { AuthenticationFailureReason } from './failure-reasons.js';
import { afterAuthenticateVerdict } from './after-authenticate.js';
import { clientChangeOf, clientFields, clientInfoOf, recordedClient } from './client-activity.js';
import type { ClientRequest } from './client-request.js';
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
 * Authenticates one access credential (a session's access token, or an API key in the header):
 * format and checksum first (no I/O), then one storage
 * lookup by digest, then revocation, expiry, transport, user, hook — and only then, if due, the
 * sliding extension or last-used write, which also records where the request came from. A move
 * to a new place (the `clientChange` rule, asked only when `onClientChange` listens) writes at
 * once, then tells the hook.
 */
export async function authenticateCredential<Context extends object, User>(
  runtime: Runtime<Context, User>,
  credential: Credential,
  request: ClientRequest | null,
): Promise<AuthenticationResult<Context, User>> {
  const { options, codec, hasher, storage } = runtime;
  const fail = (reason: AuthenticationFailureReason, record: SessionRecord | null) =>
    authenticationFailure(runtime, reason, credential.transport, record, request);
  // An access token is the common case; an API key is checked only when the token is not one.
  const kind = codec.isWellFormed('access', credential.token) ? 'session' : codec.isWellFormed('api_key', credential.token) ? 'api_key' : null;
  if (kind === null) return fail('malformed', null);
  // API keys travel in the Authorization header only, whatever transportRestriction says.
  if (kind === 'api_key' && credential.transport !== 'header') return fail('wrong_transport', null);
  // node:crypto digests synchronously, and some storages look up synchronously: each await
  // skipped is a microtask less. A sync lookup that throws rejects this call as the promise
  // form would (`storage_unavailable`, 503); `undefined` means "not now, ask the promise form".
  const digest = hasher.digest(credential.token);
  const known = typeof digest === 'string' ? storage.findSessionByAccessDigestSync?.(digest) : undefined;
  const record =
    known === undefined
      ? await storage.findSessionByAccessDigest(typeof digest === 'string' ? digest : await digest)
      : // A storage breaking the contract with a promise here (see guardStorage) is still awaited.
        typeof (known as { then?: unknown } | null)?.then === 'function'
        ? await known
        : known;
  // The digest covers the marker, so a mismatch cannot happen with honest storage; refuse it anyway.
  if (record === null || (record.kind ?? 'session') !== kind) return fail('invalid', null);

  const now = options.clock();
  const status = sessionStatus(record, now, 'access');
  if (status !== 'active') return fail(status, record);
  if (options.transportRestriction && record.transport !== credential.transport) return fail('wrong_transport', record);

  let user = undefined as User;
  if (options.resolveUser !== undefined) {
    const resolved = await options.resolveUser(record.userId);
    if (resolved === null || resolved === undefined) return fail('user_inactive', record);
    user = resolved;
  }

  let session = presentSession<Context>(runtime, record, 'active');
  // Without the hook there is nothing to ask: no await, no microtask.
  const verdict =
    options.hooks.afterAuthenticate === undefined ? { user } : await afterAuthenticateVerdict(runtime, { session, user, request, operation: 'authenticate' });
  if (verdict === null) return fail('refused', record);
  user = verdict.user;

  const { hooks } = options;
  // Where the request came from is worked out only when a hook listens or a write is due.
  const listening = hooks.onClientChange !== undefined;
  let current = listening ? clientInfoOf(request) : null;
  const { moved, writeNow } = clientChangeOf(listening, options.clientChange, record, current);
  const due = activityDue(record, now, options, writeNow);
  let extended = false;
  if (due !== null) {
    if (!listening) current = clientInfoOf(request);
    const activity = { ...due.activity, ...clientFields(record, current) };
    if (await storage.recordActivity(record.id, record.accessDigest, activity)) {
      extended = due.extended;
      session = { ...session, ...activity };
      if (extended) await hooks.afterSlidingExtension?.({ session, user, request });
      if (moved) await hooks.onClientChange?.({ session, user, request, previous: recordedClient(record), current: current! });
    }
  }
  return { ok: true, session, user, extended };
}

/** Builds a failure result and reports it to the `onFailure` hook ("missing" is not reported). */
export async function authenticationFailure(
  runtime: { options: { hooks: { onFailure?: (event: FailureEvent) => void | Promise<void> } } },
  reason: AuthenticationFailureReason,
  transport: Transport | null,
  record: SessionRecord | null,
  request: ClientRequest | null,
): Promise<AuthenticationFailure> {
  const sessionId = record?.id ?? null;
  const userId = record?.userId ?? null;
  if (reason !== 'missing') {
    await runtime.options.hooks.onFailure?.({ operation: 'authenticate', reason, transport, sessionId, userId, request });
  }
  return { ok: false, reason, transport, sessionId, userId };
}
