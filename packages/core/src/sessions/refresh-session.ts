import type { RefreshTokenMatch, SessionRecord, Transport } from '../storage/session-record.js';
import type { RefreshFailureReason } from './failure-reasons.js';
import { afterAuthenticateVerdict } from './after-authenticate.js';
import { clientChangeOf, clientFields, clientInfoOf, recordedClient } from './client-activity.js';
import type { ClientRequest } from './client-request.js';
import type { FailureEvent } from './hooks.js';
import { type IssuedSession, withRedactedTokens } from './issue-session.js';
import { expiriesAtRotation, toDate } from './lifetime.js';
import { type ReplacedRefreshToken, replayedPair, replayOfRotation } from './refresh-replay.js';
import { presentSession, revocationNow, type Runtime } from './runtime.js';
import type { Session } from './session.js';

/** A refused refresh: the reason, and what is known of the session. */
export interface RefreshFailure {
  readonly ok: false;
  readonly reason: RefreshFailureReason;
  readonly sessionId: string | null;
  readonly userId: string | null;
}

/**
 * A successful refresh: the same shape as {@link IssuedSession} (the same session id, the new
 * token pair, shown only here), plus the user. Logging it shows the tokens redacted.
 */
export interface RefreshSuccess<Context extends object, User> extends IssuedSession<Context> {
  readonly ok: true;
  /** A refresh always hands out a new refresh token. */
  readonly refreshToken: string;
  readonly user: User;
  /**
   * `true` when this was a retry inside the grace window (a lost response, a concurrent
   * refresh that lost the race), answered with the very pair the rotation it retried handed
   * out. Nothing was rotated again, so `afterRefresh` was not called again (`afterAuthenticate`
   * was: a retry is refused like any refresh).
   */
  readonly replayed: boolean;
}

export type RefreshResult<Context extends object, User> = RefreshSuccess<Context, User> | RefreshFailure;

type Fail = (reason: RefreshFailureReason, record: SessionRecord | null) => Promise<RefreshFailure>;

/**
 * Exchanges a refresh token for a new access and refresh token on the same session. The swap is
 * one compare-and-swap in storage, so of N concurrent refreshes with one token exactly one
 * rotates; the others — and any retry with the replaced token inside the grace window — get the
 * same new pair back from its sealed replay. A token rotated away at least the grace window ago
 * is treated as stolen: the session is revoked. `afterAuthenticate` is asked before any of it
 * hands out a pair, and the rotation records where the request came from.
 */
export async function refreshSession<Context extends object, User>(
  runtime: Runtime<Context, User>,
  refreshToken: string,
  transport: Transport,
  request: ClientRequest | null,
): Promise<RefreshResult<Context, User>> {
  const { options, codec, hasher, storage } = runtime;
  const fail: Fail = (reason, record) => refreshFailure(options.hooks.onFailure, reason, transport, record, request);

  if (!codec.isWellFormed('refresh', refreshToken)) return fail('malformed', null);
  const presentedDigest = await hasher.digest(refreshToken);
  const match = await storage.findSessionByRefreshDigest(presentedDigest);
  if (match === null) return fail('invalid', null);
  const record = match.session;
  if (record.revokedAt !== null) return fail('revoked', record);

  const now = options.clock();
  const presented: ReplacedRefreshToken = { sessionId: record.id, token: refreshToken, digest: presentedDigest };
  if (match.state === 'rotated') return handleRotatedToken(runtime, match, presented, { transport, request, now }, fail);

  if (options.transportRestriction && record.transport !== transport) return fail('wrong_transport', record);
  const refreshExpiresAt = record.refreshExpiresAt?.getTime() ?? now;
  const absoluteExpiresAt = record.absoluteExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (now >= refreshExpiresAt || now >= absoluteExpiresAt) return fail('expired', record);
  const resolved = await resolveUserOf(runtime, record);
  if (!resolved.ok) return fail('user_inactive', record);
  const verdict = await afterAuthenticateVerdict(runtime, {
    session: presentSession<Context>(runtime, record, 'active'),
    user: resolved.user,
    request,
    operation: 'refresh',
  });
  if (verdict === null) return fail('refused', record);

  const current = clientInfoOf(request);
  const expiries = expiriesAtRotation(record, now);
  const pair = { accessToken: codec.generate('access'), refreshToken: codec.generate('refresh') };
  const rotated = await storage.rotateTokens(record.id, presentedDigest, {
    accessDigest: await hasher.digest(pair.accessToken),
    refreshDigest: await hasher.digest(pair.refreshToken),
    accessExpiresAt: toDate(expiries.accessExpiresAt),
    refreshExpiresAt: new Date(expiries.refreshExpiresAt),
    expiresAt: toDate(expiries.expiresAt),
    lastUsedAt: new Date(now),
    ...clientFields(record, current),
    rotatedAt: new Date(now),
    replay: await replayOfRotation(runtime, pair, presented, now),
  });
  if (rotated === null) {
    // Another refresh with the same token won the swap a moment ago: a race, not a theft. This
    // caller gets the winner's pair, so that every racer ends up with the one live pair.
    const replayed = await replayedPair(runtime, presented, now);
    if (replayed === null) return fail('refresh_token_superseded', record);
    return refreshSuccess(presentSession<Context>(runtime, replayed.record, 'active'), replayed.pair, verdict.user, true);
  }

  const session = presentSession<Context>(runtime, rotated, 'active');
  const { hooks } = options;
  await hooks.afterRefresh?.({ session, user: verdict.user, request });
  if (clientChangeOf(hooks.onClientChange !== undefined, options.clientChange, record, current).moved) {
    await hooks.onClientChange?.({ session, user: verdict.user, request, previous: recordedClient(record), current: current! });
  }
  return refreshSuccess(session, pair, verdict.user, false);
}

async function handleRotatedToken<Context extends object, User>(
  runtime: Runtime<Context, User>,
  match: Extract<RefreshTokenMatch, { state: 'rotated' }>,
  presented: ReplacedRefreshToken,
  { transport, request, now }: { transport: Transport; request: ClientRequest | null; now: number },
  fail: Fail,
): Promise<RefreshResult<Context, User>> {
  const { options, storage } = runtime;
  const record = match.session;
  // Past its own expiry the old token is useless to anyone: nothing to defend against.
  if (now >= match.tokenExpiresAt.getTime()) return fail('expired', record);
  // Strictly less than: with a grace window of 0, even a reuse in the same millisecond is theft.
  if (now - match.rotatedAt.getTime() < options.refreshReuseGraceMs) {
    if (options.transportRestriction && record.transport !== transport) return fail('wrong_transport', record);
    const replayed = await replayedPair(runtime, presented, now);
    if (replayed === null) return fail('refresh_token_superseded', record);
    const resolved = await resolveUserOf(runtime, replayed.record);
    if (!resolved.ok) return fail('user_inactive', replayed.record);
    const session = presentSession<Context>(runtime, replayed.record, 'active');
    const verdict = await afterAuthenticateVerdict(runtime, { session, user: resolved.user, request, operation: 'refresh' });
    if (verdict === null) return fail('refused', replayed.record);
    return refreshSuccess(session, replayed.pair, verdict.user, true);
  }
  const revoked = await storage.revokeSession(record.id, revocationNow(options, 'refresh_token_reuse'));
  if (revoked !== null) {
    await options.hooks.onRefreshReuse?.({ userId: record.userId, sessionId: record.id, rotatedAt: match.rotatedAt, request });
    await options.hooks.afterRevoke?.({ userId: record.userId, sessionIds: [record.id], reason: 'refresh_token_reuse', request });
  }
  return fail('refresh_token_reused', record);
}

/** The session's user through `resolveUser` (`undefined` without it); not ok when it returns none. */
async function resolveUserOf<Context extends object, User>(
  runtime: Runtime<Context, User>,
  record: SessionRecord,
): Promise<{ ok: true; user: User } | { ok: false }> {
  const { resolveUser } = runtime.options;
  if (resolveUser === undefined) return { ok: true, user: undefined as User };
  const user = await resolveUser(record.userId);
  return user === null || user === undefined ? { ok: false } : { ok: true, user };
}

function refreshSuccess<Context extends object, User>(
  session: Session<Context>,
  pair: { accessToken: string; refreshToken: string },
  user: User,
  replayed: boolean,
): RefreshSuccess<Context, User> {
  return withRedactedTokens({ ok: true, session, accessToken: pair.accessToken, refreshToken: pair.refreshToken, user, replayed });
}

async function refreshFailure(
  onFailure: ((event: FailureEvent) => void | Promise<void>) | undefined,
  reason: RefreshFailureReason,
  transport: Transport,
  record: SessionRecord | null,
  request: ClientRequest | null,
): Promise<RefreshFailure> {
  const sessionId = record?.id ?? null;
  const userId = record?.userId ?? null;
  if (reason !== 'missing') await onFailure?.({ operation: 'refresh', reason, transport, sessionId, userId, request });
  return { ok: false, reason, sessionId, userId };
}
