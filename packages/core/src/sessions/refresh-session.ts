import type { RefreshTokenMatch, SessionRecord, Transport } from '../storage/session-record.js';
import type { RefreshFailureReason } from './failure-reasons.js';
import type { FailureEvent } from './hooks.js';
import { type IssuedSession, issuedSession } from './issue-session.js';
import { expiriesAtRotation, toDate } from './lifetime.js';
import { presentSession, revocationNow, type Runtime } from './runtime.js';

/** A refused refresh: the reason, and what is known of the session. */
export interface RefreshFailure {
  readonly ok: false;
  readonly reason: RefreshFailureReason;
  readonly sessionId: string | null;
  readonly userId: string | null;
}

/** A successful rotation: the same session id, a new token pair (shown only here). */
export interface RefreshSuccess<Context extends object, User> {
  readonly ok: true;
  readonly issued: IssuedSession<Context>;
  readonly user: User;
}

export type RefreshResult<Context extends object, User> = RefreshSuccess<Context, User> | RefreshFailure;

/**
 * Exchanges a refresh token for a new access and refresh token on the same session. The swap is
 * one compare-and-swap in storage, so of N concurrent refreshes with one token exactly one wins;
 * the others get `refresh_token_superseded`. A token rotated away longer ago than the grace
 * window is treated as stolen: the session is revoked.
 */
export async function refreshSession<Context extends object, User>(
  runtime: Runtime<Context, User>,
  refreshToken: string,
  transport: Transport,
): Promise<RefreshResult<Context, User>> {
  const { options, codec, hasher, storage } = runtime;
  const fail = (reason: RefreshFailureReason, record: SessionRecord | null) =>
    refreshFailure(options.hooks.onFailure, reason, transport, record);

  if (!codec.isWellFormed('refresh', refreshToken)) return fail('malformed', null);
  const presentedDigest = await hasher.digest(refreshToken);
  const match = await storage.findSessionByRefreshDigest(presentedDigest);
  if (match === null) return fail('invalid', null);
  const record = match.session;
  if (record.revokedAt !== null) return fail('revoked', record);

  const now = options.clock();
  if (match.state === 'rotated') return handleRotatedToken(runtime, match, now, fail);

  if (options.transportRestriction && record.transport !== transport) return fail('wrong_transport', record);
  const refreshExpiresAt = record.refreshExpiresAt?.getTime() ?? now;
  const absoluteExpiresAt = record.absoluteExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (now >= refreshExpiresAt || now >= absoluteExpiresAt) return fail('expired', record);

  let user = undefined as User;
  if (options.resolveUser !== undefined) {
    const resolved = await options.resolveUser(record.userId);
    if (resolved === null || resolved === undefined) return fail('user_inactive', record);
    user = resolved;
  }

  const expiries = expiriesAtRotation(record, now);
  const accessToken = codec.generate('access');
  const nextRefreshToken = codec.generate('refresh');
  const rotated = await storage.rotateTokens(record.id, presentedDigest, {
    accessDigest: await hasher.digest(accessToken),
    refreshDigest: await hasher.digest(nextRefreshToken),
    accessExpiresAt: toDate(expiries.accessExpiresAt),
    refreshExpiresAt: new Date(expiries.refreshExpiresAt),
    expiresAt: toDate(expiries.expiresAt),
    lastUsedAt: new Date(now),
    rotatedAt: new Date(now),
  });
  // Another refresh with the same token won the swap a moment ago: a race, not a theft.
  if (rotated === null) return fail('refresh_token_superseded', record);

  const session = presentSession<Context>(runtime, rotated, 'active');
  await options.hooks.afterRefresh?.({ session, user });
  return { ok: true, issued: issuedSession(session, accessToken, nextRefreshToken), user };
}

async function handleRotatedToken<Context extends object, User>(
  runtime: Runtime<Context, User>,
  match: Extract<RefreshTokenMatch, { state: 'rotated' }>,
  now: number,
  fail: (reason: RefreshFailureReason, record: SessionRecord | null) => Promise<RefreshFailure>,
): Promise<RefreshFailure> {
  const { options, storage } = runtime;
  const record = match.session;
  // Past its own expiry the old token is useless to anyone: nothing to defend against.
  if (now >= match.tokenExpiresAt.getTime()) return fail('expired', record);
  if (now - match.rotatedAt.getTime() <= options.refreshReuseGraceMs) {
    return fail('refresh_token_superseded', record);
  }
  const revoked = await storage.revokeSession(record.id, revocationNow(options, 'refresh_token_reuse'));
  if (revoked !== null) {
    await options.hooks.onRefreshReuse?.({ userId: record.userId, sessionId: record.id, rotatedAt: match.rotatedAt });
    await options.hooks.afterRevoke?.({ userId: record.userId, sessionIds: [record.id], reason: 'refresh_token_reuse' });
  }
  return fail('refresh_token_reused', record);
}

async function refreshFailure(
  onFailure: ((event: FailureEvent) => void | Promise<void>) | undefined,
  reason: RefreshFailureReason,
  transport: Transport,
  record: SessionRecord | null,
): Promise<RefreshFailure> {
  const sessionId = record?.id ?? null;
  const userId = record?.userId ?? null;
  if (reason !== 'missing') await onFailure?.({ operation: 'refresh', reason, transport, sessionId, userId });
  return { ok: false, reason, sessionId, userId };
}
