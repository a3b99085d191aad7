import type { RequestView } from './credentials/request-view.js';
import { registerDiagnostics } from './diagnostics/instance-diagnostics.js';
import { createDiagnosticsReporter } from './diagnostics/reporter.js';
import { type Credential, readAccessCredential } from './credentials/read-credential.js';
import type { AuthentifyOptions } from './options/options.js';
import { type AuthentifySettings, resolveOptions } from './options/resolve-options.js';
import {
  type AuthenticationResult,
  authenticateCredential,
  authenticationFailure,
} from './sessions/authenticate.js';
import { type IssuedSession, type IssueSessionInput, issueSession } from './sessions/issue-session.js';
import {
  type BulkRevocationOptions,
  countSessionsByState,
  findSession,
  revokeSessions,
  type SessionQuery,
  type SessionSearchResult,
  searchSessions,
} from './operators/operator-sessions.js';
import { type ApiKey, createApiKey, type CreateApiKeyInput, type CreatedApiKey, listApiKeys, revokeApiKey, rollApiKey } from './sessions/api-keys.js';
import { listSessionsOfUser } from './sessions/list-sessions.js';
import { type PruneOptions, type PruneProgress, pruneSessions } from './sessions/prune-sessions.js';
import { type RefreshResult, refreshSession } from './sessions/refresh-session.js';
import { revokeSession, revokeSessionsOfUser } from './sessions/revoke-sessions.js';
import { hookRequest } from './sessions/client-activity.js';
import { isFresh, reauthenticate, type SessionChanges, updateSession } from './sessions/update-session.js';
import { AuthentifyError, isAuthentifyError } from './errors.js';
import { type Duration, parseDuration } from './options/duration.js';
import type { Runtime } from './sessions/runtime.js';
import type { Session } from './sessions/session.js';
import type { RevocationReason, Transport } from './storage/session-record.js';
import type { SessionFilter, SessionStateCounts } from './storage/session-search.js';
import { guardStorage } from './storage/guarded-storage.js';
import { createTokenCodec } from './tokens/token-format.js';
import { createTokenHasher } from './tokens/token-hasher.js';

/**
 * One configured instance of Authentify: the whole session lifecycle. Create it once at start-up
 * with {@link createAuthentify} and share it.
 *
 * Expected refusals (missing, malformed, expired, revoked tokens…) are result values; methods
 * throw only `AuthentifyError` for misuse and `storage_unavailable`.
 */
export interface Authentify<Context extends object, User> {
  /** The validated options (durations in milliseconds). */
  readonly settings: AuthentifySettings;

  /**
   * Starts a session at login — after the application checked the user's credentials — and
   * returns its tokens, in plaintext for the only time. Applies single-login and the session
   * limit atomically.
   *
   * @throws AuthentifyError `session_limit_reached` (policy `refuse`), `invalid_context`,
   *   `invalid_argument`, `storage_unavailable`.
   * @example
   * ```ts
   * const { session, accessToken, refreshToken } = await auth.issueSession({
   *   userId: user.id,
   *   transport: 'header',
   *   context: { device: 'iPhone 16', ip: request.ip },
   * });
   * ```
   */
  issueSession(input: IssueSessionInput<Context>): Promise<IssuedSession<Context>>;

  /**
   * Authenticates a request from its headers: our `Authorization` scheme first, else the access
   * cookie. Never throws for a bad credential — the result says why it was refused. The rest of
   * the view (method, URL, peer address) is what hooks and the session's last-used record see.
   *
   * @throws AuthentifyError `storage_unavailable` — never turned into "anonymous".
   * @example
   * ```ts
   * const result = await auth.authenticate({ header: (name) => request.headers.get(name), method: request.method, url: request.url });
   * if (!result.ok) return new Response(result.reason, { status: 401 });
   * console.log(result.session.id, result.user);
   * ```
   */
  authenticate(request: RequestView): Promise<AuthenticationResult<Context, User>>;

  /**
   * Authenticates a token that did not come from an HTTP request (a WebSocket message, a queue
   * job), stating the transport it arrived by. `request`, when there is one (the WebSocket's
   * upgrade request), is what hooks see and the last-used record keeps.
   *
   * @example
   * ```ts
   * const result = await auth.authenticateToken(message.token, 'header');
   * ```
   */
  authenticateToken(
    token: string,
    transport: Transport,
    options?: { request?: RequestView },
  ): Promise<AuthenticationResult<Context, User>>;

  /**
   * Rotates a session's tokens with its refresh token: same session id, new access and refresh
   * token, returned in the same shape as {@link issueSession}. Of several concurrent refreshes
   * with one token exactly one rotates, and all of them get its pair; a retry with the replaced
   * token inside the grace window (`refreshReuseGrace`) gets that same pair again (`replayed`);
   * a token reused after the grace window revokes the session. `afterAuthenticate` gates it
   * like an authentication; pass the `request` so that hooks and the last-used record see it.
   *
   * @throws AuthentifyError `storage_unavailable`.
   * @example
   * ```ts
   * const result = await auth.refresh(body.refreshToken, 'header', { request: view });
   * if (result.ok) return json({ accessToken: result.accessToken, refreshToken: result.refreshToken });
   * ```
   */
  refresh(refreshToken: string, transport: Transport, options?: { request?: RequestView }): Promise<RefreshResult<Context, User>>;

  /**
   * Revokes one session by id (for "log out" pass the current session's id). With `userId`, only
   * if the session is that user's. `actor` and `note` (an operator's name and words, up to 255
   * and 1000 characters) are kept with the session when audit retention is on. Returns whether a
   * live session was revoked.
   *
   * @throws AuthentifyError `invalid_argument` for an empty or too long `actor` or `note`.
   * @example
   * ```ts
   * await auth.revokeSession(result.session.id, { reason: 'logout' });
   * await auth.revokeSession(params.id, { userId: currentUser.id }); // "revoke one of my devices"
   * await auth.revokeSession(id, { reason: 'admin', actor: 'alice@ops', note: 'ticket #4521' });
   * ```
   */
  revokeSession(
    sessionId: string,
    options?: { reason?: RevocationReason; userId?: string; actor?: string; note?: string; request?: RequestView },
  ): Promise<boolean>;

  /**
   * Changes a live session after login: its `label` (a device's name, 1–100 characters, `null`
   * removes it) and/or its whole `context` — validated through `contextSchema` and
   * `maxContextBytes` exactly like a login's. With `userId`, only if the session is that user's.
   * Tokens, expiries and `authenticatedAt` stay as they are. Returns the updated session, or
   * `null` when there is no such live session (unknown, another user's, revoked or expired).
   * Atomic in storage: a concurrent refresh keeps its new tokens and this update its fields; a
   * concurrent revocation is never undone.
   *
   * @throws AuthentifyError `invalid_context`, `invalid_argument`, `storage_unavailable`.
   * @example
   * ```ts
   * // After the user passed a second factor on this session:
   * await auth.updateSession(session.id, { context: { ...session.context, twoFactor: true } });
   * // "Rename this device", own sessions only:
   * await auth.updateSession(params.id, { label: 'Work laptop' }, { userId: currentUser.id });
   * ```
   */
  updateSession(sessionId: string, changes: SessionChanges<Context>, options?: { userId?: string }): Promise<Session<Context> | null>;

  /**
   * Step-up: records that the user of a live session has just proved who they are again — call it
   * after your own password (or other credential) re-check succeeded. The session's
   * `authenticatedAt` becomes now, so `required({ freshWithin })` accepts it again. With `userId`,
   * only if the session is that user's. Returns the updated session, or `null` when there is no
   * such live session.
   *
   * @throws AuthentifyError `invalid_argument`, `storage_unavailable`.
   * @example
   * ```ts
   * if (await users.checkPassword(req.auth.user, req.body.password)) {
   *   await auth.reauthenticate(req.auth.session.id);
   * }
   * ```
   */
  reauthenticate(sessionId: string, options?: { userId?: string }): Promise<Session<Context> | null>;

  /**
   * Whether `session` was authenticated (logged in or re-authenticated) less than `freshWithin`
   * ago, by this instance's clock — the check behind `required({ freshWithin })`, for handlers
   * that decide themselves. No I/O.
   *
   * @throws AuthentifyError `invalid_argument` for a duration that is not one.
   * @example
   * ```ts
   * if (!auth.isFresh(req.auth.session, '10m')) return res.status(403).json({ error: 'reauthentication_required' });
   * ```
   */
  isFresh(session: Pick<Session<Context>, 'authenticatedAt'>, freshWithin: Duration): boolean;

  /**
   * Revokes every live session of a user ("log out everywhere"). Returns how many. The user's
   * API keys keep working unless `includeApiKeys: true`.
   *
   * @example
   * ```ts
   * await auth.revokeAllSessionsOfUser(user.id); // e.g. after a password change
   * ```
   */
  revokeAllSessionsOfUser(userId: string, options?: { reason?: RevocationReason; includeApiKeys?: boolean; request?: RequestView }): Promise<number>;

  /**
   * Revokes every live session of a user except one ("log out other devices"). Returns how many.
   * After a password change, pass `reason: 'credentials_changed'`: one atomic call ends the
   * sessions opened with the old password and keeps the one that changed it. API keys keep
   * working unless `includeApiKeys: true` (a leaked password does not leak the keys).
   *
   * @example
   * ```ts
   * await auth.revokeOtherSessionsOfUser(session.userId, session.id);
   * await auth.revokeOtherSessionsOfUser(session.userId, session.id, { reason: 'credentials_changed' });
   * ```
   */
  revokeOtherSessionsOfUser(
    userId: string,
    keepSessionId: string,
    options?: { reason?: RevocationReason; includeApiKeys?: boolean; request?: RequestView },
  ): Promise<number>;

  /**
   * Creates an API key (a personal access token) for `userId`: a credential of its own kind
   * (`afy_ak_…`), with a name, scopes and an optional expiry, sent in the `Authorization`
   * header only. The plaintext is in the result and nowhere else — show it once. Keys are outside
   * session limits, single-login, logout-everywhere and logout-others, and never listed as devices.
   *
   * @throws AuthentifyError `invalid_argument` (a bad name, scope or duration), `invalid_context`,
   *   `storage_unavailable`.
   * @example
   * ```ts
   * const { apiKey, key } = await auth.createApiKey(user.id, { name: 'CI deploys', scopes: ['deploy'], expiresIn: '90d' });
   * console.log(`Copy it now, it is not shown again: ${apiKey} (…${key.displayHint})`);
   * ```
   */
  createApiKey(userId: string, input: CreateApiKeyInput<Context>): Promise<CreatedApiKey>;

  /**
   * A user's API keys, newest first, with their names, scopes, hints and times — never the keys
   * themselves. `includeEnded` adds revoked and expired ones still retained.
   *
   * @example
   * ```ts
   * for (const key of await auth.listApiKeys(user.id)) console.log(key.name, `…${key.displayHint}`, key.scopes);
   * ```
   */
  listApiKeys(userId: string, options?: { includeEnded?: boolean }): Promise<ApiKey[]>;

  /**
   * Revokes one of the user's API keys; `false` when the user has no such live key (a session's
   * id is not a key's). `actor` and `note` go into the audit record.
   *
   * @example
   * ```ts
   * await auth.revokeApiKey(user.id, keyId);
   * ```
   */
  revokeApiKey(userId: string, keyId: string, options?: { actor?: string; note?: string; request?: RequestView }): Promise<boolean>;

  /**
   * Rolls an API key: issues a new one with the same name, scopes and lifetime, and lets the old
   * one work for `overlap` more (never past its own expiry), so a deployment can switch without
   * an outage; `overlap: 0` ends it at once. `null` when the user has no such live key.
   *
   * @example
   * ```ts
   * const rolled = await auth.rollApiKey(user.id, keyId, { overlap: '1h' });
   * if (rolled) console.log(`New key: ${rolled.apiKey}; the old one works for another hour.`);
   * ```
   */
  rollApiKey(userId: string, keyId: string, options: { overlap: Duration; request?: RequestView }): Promise<CreatedApiKey | null>;

  /**
   * A user's sessions, newest first, for a "your devices" page: ids, transport, context, times
   * and status, never tokens. `includeEnded` adds revoked and expired ones still retained.
   *
   * @example
   * ```ts
   * const devices = await auth.listSessionsOfUser(user.id);
   * ```
   */
  listSessionsOfUser(userId: string, options?: { includeEnded?: boolean }): Promise<Session<Context>[]>;

  /**
   * One session by id, whatever its state — for an operator's "show" — with its context, times,
   * status and audit record, never a token or digest; `null` when there is none.
   *
   * @example
   * ```ts
   * const session = await auth.findSession(params.id);
   * if (session) console.log(session.userId, session.status, session.revokedBy);
   * ```
   */
  findSession(sessionId: string): Promise<Session<Context> | null>;

  /**
   * Operators' search across users: sessions matching every criterion given (user, states
   * `live`/`expired`/`revoked` judged now, transport, created and last-used ranges), newest
   * first, one keyset page at a time — pass `nextCursor` back as `cursor` for the next. A live
   * session has status `active`. Never returns a token or digest.
   *
   * @throws AuthentifyError `invalid_argument` for an unknown criterion, a bad value, a `limit`
   *   outside 1–1000, or a cursor it did not return.
   * @example
   * ```ts
   * let cursor: string | null = null;
   * do {
   *   const page = await auth.searchSessions({ states: ['live'], transport: 'cookie', limit: 100, cursor });
   *   for (const session of page.sessions) console.log(session.id, session.userId, session.lastUsedAt);
   *   cursor = page.nextCursor;
   * } while (cursor !== null);
   * ```
   */
  searchSessions(query?: SessionQuery): Promise<SessionSearchResult<Context>>;

  /**
   * How many sessions match the criteria, by state (`live`, `expired`, `revoked`) now.
   *
   * @example
   * ```ts
   * const { live, expired, revoked } = await auth.countSessionsByState({ userId: user.id });
   * ```
   */
  countSessionsByState(filter?: SessionFilter): Promise<SessionStateCounts>;

  /**
   * Bulk revocation: ends every session (live or expired, not yet revoked) matching the criteria,
   * in one atomic storage step, recording the reason (default `admin`), the `actor` and an
   * optional `note`; `afterRevoke` fires once per user affected. Returns how many it ended.
   *
   * @throws AuthentifyError `invalid_argument` for an empty filter (ending every session must be
   *   asked for with `states: ['live', 'expired']`), a bad criterion, reason, actor or note.
   * @example
   * ```ts
   * // After a password reset: every session of the user, audited.
   * await auth.revokeSessions({ userId: user.id }, { reason: 'credentials_changed', actor: 'password-reset' });
   * // An operator ends the cookie sessions created during an incident.
   * await auth.revokeSessions(
   *   { transport: 'cookie', createdFrom: new Date('2026-11-30T10:00Z'), createdUntil: new Date('2026-11-30T12:00Z') },
   *   { actor: 'alice@ops', note: 'incident 2026-11-30' },
   * );
   * ```
   */
  revokeSessions(filter: SessionFilter, options?: BulkRevocationOptions): Promise<number>;

  /**
   * Deletes ended sessions (expired or revoked longer ago than `auditRetention`) in batches,
   * globally or for one user. Run it on a schedule; expired sessions are refused regardless.
   *
   * @example
   * ```ts
   * const { deletedSessions } = await auth.pruneSessions({ onProgress: (p) => log(p) });
   * ```
   */
  pruneSessions(options?: PruneOptions): Promise<PruneProgress>;
}

/**
 * Creates an Authentify instance. Validates every option now: a mistake throws
 * `AuthentifyError` `invalid_configuration` naming the option, instead of failing a request
 * later.
 *
 * @typeParam Context - the session context's shape; inferred from `contextSchema` when given.
 * @typeParam User - what `resolveUser` returns; inferred from it.
 * @example
 * ```ts
 * import { createAuthentify, MemorySessionStorage } from '@authentify/core';
 *
 * const auth = createAuthentify({
 *   storage: new MemorySessionStorage(),
 *   accessTtl: '15m',
 *   refreshTtl: '30d',
 *   sliding: { interval: '1m' },
 *   resolveUser: (userId) => users.findActive(userId),
 * });
 * ```
 */
export function createAuthentify<Context extends object = Record<string, unknown>, User = undefined>(
  options: AuthentifyOptions<Context, User>,
): Authentify<Context, User> {
  const resolved = resolveOptions(options);
  const reporter = createDiagnosticsReporter({
    logger: resolved.logger,
    onStorageFailure: resolved.hooks.onStorageFailure,
    clock: resolved.clock,
  });
  const runtime: Runtime<Context, User> = {
    options: resolved,
    storage: guardStorage(resolved.storage, reporter),
    codec: createTokenCodec(resolved.tokenPrefix),
    hasher: createTokenHasher(resolved.hashAlgorithm),
  };
  const {
    storage: _storage,
    resolveUser: _resolveUser,
    hooks: _hooks,
    contextSchema: _schema,
    clientChange: _clientChange,
    logger: _logger,
    clock: _clock,
    ...settings
  } = resolved;

  const instance: Authentify<Context, User> = {
    settings: Object.freeze(settings),
    issueSession: (input) => issueSession(runtime, input),
    async authenticate(view) {
      const request = hookRequest(view, resolved.trustProxy);
      const reading = readAccessCredential(view, resolved);
      if (reading.kind === 'none') return authenticationFailure(runtime, 'missing', null, null, request);
      if (reading.kind === 'invalid_request') {
        return authenticationFailure(runtime, 'invalid_request', reading.transport, null, request);
      }
      return authenticateCredential(runtime, reading.credential, request);
    },
    authenticateToken: (token, transport, tokenOptions) =>
      authenticateCredential(runtime, { token, transport } satisfies Credential, hookRequest(tokenOptions?.request, resolved.trustProxy)),
    refresh: (refreshToken, transport, refreshOptions) =>
      refreshSession(runtime, refreshToken, transport, hookRequest(refreshOptions?.request, resolved.trustProxy)),
    revokeSession: (sessionId, revokeOptions) => revokeSession(runtime, sessionId, revokeOptions),
    updateSession: (sessionId, changes, updateOptions) => updateSession(runtime, sessionId, changes, updateOptions),
    reauthenticate: (sessionId, reauthenticateOptions) => reauthenticate(runtime, sessionId, reauthenticateOptions),
    isFresh(session, freshWithin) {
      let freshWithinMs: number;
      try {
        freshWithinMs = parseDuration(freshWithin, 'freshWithin');
      } catch (error) {
        // A bad duration here is a call's mistake, not the instance's configuration.
        if (isAuthentifyError(error)) throw new AuthentifyError('invalid_argument', error.message, { cause: error });
        throw error;
      }
      return isFresh(session, freshWithinMs, resolved.clock());
    },
    revokeAllSessionsOfUser: (userId, revokeOptions) =>
      revokeSessionsOfUser(runtime, userId, {
        reason: revokeOptions?.reason ?? 'logout_everywhere',
        includeApiKeys: revokeOptions?.includeApiKeys === true,
        request: revokeOptions?.request,
      }),
    revokeOtherSessionsOfUser: (userId, keepSessionId, revokeOptions) =>
      revokeSessionsOfUser(runtime, userId, {
        reason: revokeOptions?.reason ?? 'logout_other_devices',
        exceptSessionId: keepSessionId,
        includeApiKeys: revokeOptions?.includeApiKeys === true,
        request: revokeOptions?.request,
      }),
    createApiKey: (userId, input) => createApiKey(runtime, userId, input),
    listApiKeys: (userId, listOptions) => listApiKeys(runtime, userId, listOptions),
    revokeApiKey: (userId, keyId, revokeOptions) => revokeApiKey(runtime, userId, keyId, revokeOptions),
    rollApiKey: (userId, keyId, rollOptions) => rollApiKey(runtime, userId, keyId, rollOptions),
    listSessionsOfUser: (userId, listOptions) => listSessionsOfUser(runtime, userId, listOptions),
    findSession: (sessionId) => findSession(runtime, sessionId),
    searchSessions: (query) => searchSessions(runtime, query),
    countSessionsByState: (filter) => countSessionsByState(runtime, filter),
    revokeSessions: (filter, revokeOptions) => revokeSessions(runtime, filter, revokeOptions),
    pruneSessions: (pruneOptions) => pruneSessions(runtime, pruneOptions),
  };
  registerDiagnostics(instance, reporter);
  return instance;
}
