import type { RefreshReplay, SessionRecord } from '../storage/session-record.js';
import { constantTimeEqual } from '../tokens/constant-time.js';
import { openTokenPair, sealTokenPair, type TokenPair } from '../tokens/token-pair-seal.js';
import type { Runtime } from './runtime.js';

/** The refresh token a rotation replaces, in both forms: core holds both, storage only the digest. */
export interface ReplacedRefreshToken {
  readonly sessionId: string;
  readonly token: string;
  readonly digest: string;
}

/**
 * The replay a rotation keeps with its replaced digest: the new pair sealed under a key only the
 * replaced token yields, until the grace window ends. `null` without a grace window.
 */
export async function replayOfRotation<Context extends object, User>(
  runtime: Runtime<Context, User>,
  pair: TokenPair,
  replaced: ReplacedRefreshToken,
  now: number,
): Promise<RefreshReplay | null> {
  const graceMs = runtime.options.refreshReuseGraceMs;
  if (graceMs === 0) return null;
  const sealed = await sealTokenPair(pair, replaced.token, { sessionId: replaced.sessionId, replacedRefreshDigest: replaced.digest });
  return { sealed, expiresAt: new Date(now + graceMs) };
}

/**
 * The pair that the rotation of `replaced` handed out, for a retry of that refresh: found only
 * while its replay is kept (inside the grace window, before the session's next rotation or its
 * revocation), opened with the replaced token, and only if it is still the session's live pair.
 * `null` otherwise — the caller answers `refresh_token_superseded`.
 */
export async function replayedPair<Context extends object, User>(
  runtime: Runtime<Context, User>,
  replaced: ReplacedRefreshToken,
  now: number,
): Promise<{ record: SessionRecord; pair: TokenPair } | null> {
  const { storage, codec, hasher } = runtime;
  const sealed = await storage.findRefreshReplay(replaced.digest, new Date(now));
  if (sealed === null) return null;
  const pair = await openTokenPair(sealed, replaced.token, { sessionId: replaced.sessionId, replacedRefreshDigest: replaced.digest });
  if (pair === null || !codec.isWellFormed('access', pair.accessToken) || !codec.isWellFormed('refresh', pair.refreshToken)) {
    return null;
  }
  const record = await storage.findSessionById(replaced.sessionId);
  if (record === null || record.revokedAt !== null || record.refreshDigest === null) return null;
  // A storage that kept a replay too long must still not hand out a pair that no longer works.
  const live =
    constantTimeEqual(record.refreshDigest, await hasher.digest(pair.refreshToken)) &&
    constantTimeEqual(record.accessDigest, await hasher.digest(pair.accessToken));
  return live ? { record, pair } : null;
}
