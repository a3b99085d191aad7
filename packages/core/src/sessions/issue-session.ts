import { prepareContext } from '../context/session-context.js';
import { AuthentifyError } from '../errors.js';
import { type Duration, parseOptionalDuration } from '../options/duration.js';
import type { RequestView } from '../credentials/request-view.js';
import type { SessionRecord, Transport } from '../storage/session-record.js';
import { randomBase62 } from '../tokens/base62.js';
import { clientInfoOf, hookRequest } from './client-activity.js';
import { checkScopes } from './scopes.js';
import { expiriesAtIssue, toDate } from './lifetime.js';
import { presentSession, revocationNow, type Runtime } from './runtime.js';
import type { Session } from './session.js';

/** What a login hands to {@link Authentify.issueSession}. */
export interface IssueSessionInput<Context extends object> {
  /** The user the session belongs to (1–255 characters). */
  userId: string;
  /** `header` for API clients (tokens in the JSON response), `cookie` for browsers. */
  transport: Transport;
  /** JSON describing the login: device, IP, app version… Validated by `contextSchema` if set. */
  context?: Context;
  /** This session's access TTL instead of the default; `null` = never expires. */
  accessTtl?: Duration | null;
  /** This session's refresh TTL instead of the default; `null` = no refresh token. */
  refreshTtl?: Duration | null;
  /**
   * Restricts the session to these scopes (RFC 6749 scope tokens): `required({ scopes })` then
   * refuses it what they do not cover. [none: a full login, not restricted]
   */
  scopes?: readonly string[];
  /**
   * The login request, so that the session starts with where it was issued from (its last IP
   * and user agent) and hooks see it. The HTTP helpers (`login`) pass it themselves.
   */
  request?: RequestView;
}

/**
 * A new session with its tokens. The plaintext tokens exist only here: storage keeps digests, so
 * they cannot be shown again. Logging this object shows the tokens redacted.
 */
export interface IssuedSession<Context extends object> {
  readonly session: Session<Context>;
  readonly accessToken: string;
  /** `null` when the session has no refresh token. */
  readonly refreshToken: string | null;
}

/** Session ids: 22 base62 characters, 131 bits — unguessable, though not secret. */
export const SESSION_ID_LENGTH = 22;
/** What a session id can look like (room left for ids of custom storages, still base62). */
export const SESSION_ID_PATTERN = /^[0-9A-Za-z]{1,64}$/;
const MAX_USER_ID_LENGTH = 255;

export async function issueSession<Context extends object, User>(
  runtime: Runtime<Context, User>,
  input: IssueSessionInput<Context>,
): Promise<IssuedSession<Context>> {
  const { options, codec, hasher, storage } = runtime;
  const userId = checkUserId(input?.userId);
  const transport = checkTransport(input.transport);
  const { accessTtlMs, refreshTtlMs } = sessionTtls(input, options);
  const context = await prepareContext(input.context, options.contextSchema, options.maxContextBytes);
  const request = hookRequest(input.request, options.trustProxy);
  const client = clientInfoOf(request);

  const now = options.clock();
  const absoluteExpiresAt = options.absoluteLifetimeMs === null ? null : now + options.absoluteLifetimeMs;
  const expiries = expiriesAtIssue(now, accessTtlMs, refreshTtlMs, absoluteExpiresAt);
  const accessToken = codec.generate('access');
  const refreshToken = refreshTtlMs === null ? null : codec.generate('refresh');
  const record: SessionRecord = {
    id: randomBase62(SESSION_ID_LENGTH),
    userId,
    kind: 'session',
    transport,
    accessDigest: await hasher.digest(accessToken),
    refreshDigest: refreshToken === null ? null : await hasher.digest(refreshToken),
    context,
    label: null,
    createdAt: new Date(now),
    authenticatedAt: new Date(now),
    lastUsedAt: new Date(now),
    lastIp: client?.ip ?? null,
    lastUserAgent: client?.userAgent ?? null,
    accessExpiresAt: toDate(expiries.accessExpiresAt),
    refreshExpiresAt: toDate(expiries.refreshExpiresAt),
    expiresAt: toDate(expiries.expiresAt),
    absoluteExpiresAt: toDate(absoluteExpiresAt),
    accessTtlMs,
    refreshTtlMs,
    revokedAt: null,
    revocationReason: null,
    revokedBy: null,
    revocationNote: null,
    scopes: input.scopes === undefined ? null : [...checkScopes(input.scopes, 'scopes')],
    createdBy: null,
    displayHint: null,
  };

  const policyReason = options.singleLogin ? 'single_login' : 'session_limit';
  const outcome = await storage.createSession(record, {
    singleLogin: options.singleLogin,
    sessionLimit: options.sessionLimit,
    revocation: revocationNow(options, policyReason),
  });
  if (!outcome.created) {
    throw new AuthentifyError(
      'session_limit_reached',
      `User already has the maximum of ${options.sessionLimit?.max ?? 0} sessions; log one out first.`,
    );
  }
  if (outcome.revokedSessionIds.length > 0) {
    await options.hooks.afterRevoke?.({ userId, sessionIds: outcome.revokedSessionIds, reason: policyReason, request });
  }
  const session = presentSession<Context>(runtime, record, 'active');
  await options.hooks.afterLogin?.({ session, request });
  return issuedSession(session, accessToken, refreshToken);
}

/** Wraps tokens so that `console.log` and `util.inspect` show them redacted. */
export function issuedSession<Context extends object>(
  session: Session<Context>,
  accessToken: string,
  refreshToken: string | null,
): IssuedSession<Context> {
  return withRedactedTokens({ session, accessToken, refreshToken });
}

/**
 * Makes `console.log` and `util.inspect` of an object that carries plaintext tokens show them as
 * `[redacted]` (the object itself is unchanged).
 */
export function withRedactedTokens<T extends { accessToken: string; refreshToken: string | null }>(value: T): T {
  return Object.defineProperty(value, Symbol.for('nodejs.util.inspect.custom'), {
    enumerable: false,
    value: () => ({ ...value, accessToken: '[redacted]', refreshToken: value.refreshToken === null ? null : '[redacted]' }),
  });
}

export function checkUserId(userId: unknown): string {
  if (typeof userId !== 'string' || userId.length === 0 || userId.length > MAX_USER_ID_LENGTH) {
    throw new AuthentifyError('invalid_argument', `userId must be a string of 1–${MAX_USER_ID_LENGTH} characters.`);
  }
  return userId;
}

function checkTransport(transport: unknown): Transport {
  if (transport !== 'header' && transport !== 'cookie') {
    throw new AuthentifyError('invalid_argument', `transport must be 'header' or 'cookie', got ${JSON.stringify(transport)}.`);
  }
  return transport;
}

/** The session's own TTLs: overrides where given, defaults otherwise, checked like the options. */
function sessionTtls(
  input: IssueSessionInput<object>,
  defaults: { accessTtlMs: number | null; refreshTtlMs: number | null },
): { accessTtlMs: number | null; refreshTtlMs: number | null } {
  const accessTtlMs = input.accessTtl === undefined ? defaults.accessTtlMs : ttlArgument(input.accessTtl, 'accessTtl');
  let refreshTtlMs = input.refreshTtl === undefined ? defaults.refreshTtlMs : ttlArgument(input.refreshTtl, 'refreshTtl');
  // A never-expiring access token makes the default refresh token pointless: drop it quietly.
  if (accessTtlMs === null && input.refreshTtl === undefined) refreshTtlMs = null;
  if (refreshTtlMs !== null && (accessTtlMs === null || refreshTtlMs <= accessTtlMs)) {
    throw new AuthentifyError(
      'invalid_argument',
      `refreshTtl (${refreshTtlMs / 1000}s) must be longer than accessTtl (${accessTtlMs === null ? 'never expires' : `${accessTtlMs / 1000}s`}); pass refreshTtl as well, or null for no refresh token.`,
    );
  }
  return { accessTtlMs, refreshTtlMs };
}

function ttlArgument(value: Duration | null, name: string): number | null {
  try {
    const milliseconds = parseOptionalDuration(value, name);
    if (milliseconds === 0) throw new Error('must be longer than zero (use null for "never")');
    return milliseconds;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AuthentifyError('invalid_argument', `${name}: ${detail}`, { cause: error });
  }
}
