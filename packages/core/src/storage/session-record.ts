/** How a session's tokens travel: an `Authorization` header, or cookies. */
export type Transport = 'header' | 'cookie';

/**
 * What a record is: a login's `session`, or an `api_key` (a personal access token). API keys
 * travel in the header only, have no refresh token and never slide; session limits,
 * single-login, logout-everywhere and logout-others leave them alone.
 */
export type SessionKind = 'session' | 'api_key';

/** Any value JSON can carry. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object: the shape of a session's context. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Why a session ended early. Kept with the session when audit retention is on, and passed to
 * the `afterRevoke` hook.
 *
 * - `logout`: the session logged itself out.
 * - `logout_everywhere`: the user logged out all of their sessions.
 * - `logout_other_devices`: the user logged out every session but the current one.
 * - `revoked`: an application or an administrator revoked it by id.
 * - `single_login`: a new login of the same user replaced it (single-login is on).
 * - `session_limit`: a new login evicted it as the user's oldest (limit policy `evict_oldest`).
 * - `refresh_token_reuse`: a refresh token it had already rotated away was presented again
 *   outside the grace window — treated as theft.
 * - `admin`: an operator revoked it (the `authentify` CLI, a console, a support tool).
 * - `credentials_changed`: the user's password or other credentials changed, so the sessions
 *   opened with the old ones end.
 */
export type RevocationReason =
  | 'logout'
  | 'logout_everywhere'
  | 'logout_other_devices'
  | 'revoked'
  | 'single_login'
  | 'session_limit'
  | 'refresh_token_reuse'
  | 'admin'
  | 'credentials_changed';

/**
 * A session as storage keeps it. Storage stores and returns these fields exactly (times to the
 * millisecond, context as the same JSON); it never interprets them — expiry, revocation and
 * transport decisions are core's.
 */
export interface SessionRecord {
  /** Stable, non-secret id (22 base62 characters); survives refresh rotation. */
  id: string;
  /** The user the session belongs to. */
  userId: string;
  /** A login's session, or an API key. */
  kind: SessionKind;
  transport: Transport;
  /** Hex digest of the current access token. Never leaves storage through the public API. */
  accessDigest: string;
  /** Hex digest of the current refresh token, or `null` when the session has none. */
  refreshDigest: string | null;
  context: JsonObject;
  /**
   * The device's name, as the user gave it ("Work laptop"), at most 100 characters; `null` when
   * none was given.
   */
  label: string | null;
  createdAt: Date;
  /**
   * When the user last proved who they are for this session: its login, or its latest
   * re-authentication (step-up). Never before `createdAt`.
   */
  authenticatedAt: Date;
  /** Last time the session was seen in use (written at most once per interval). */
  lastUsedAt: Date;
  /**
   * The client IP address of that use (canonical text, at most 45 characters), or `null` when
   * unknown. Written with `lastUsedAt`.
   */
  lastIp: string | null;
  /** The `User-Agent` of that use (at most 512 characters), or `null` when unknown. */
  lastUserAgent: string | null;
  /** When the access token stops working; `null` = never. */
  accessExpiresAt: Date | null;
  /** When the refresh token stops working; `null` exactly when `refreshDigest` is `null`. */
  refreshExpiresAt: Date | null;
  /**
   * When the session as a whole ends — the later of the two expiries above, capped by the
   * absolute lifetime; `null` = never. Storage uses it to count live sessions and to prune.
   */
  expiresAt: Date | null;
  /** The cap that neither sliding expiry nor refreshing can pass; `null` = none. */
  absoluteExpiresAt: Date | null;
  /** This session's access TTL in milliseconds (its own override, or the default at issue). */
  accessTtlMs: number | null;
  /** This session's refresh TTL in milliseconds; `null` = no refresh token. */
  refreshTtlMs: number | null;
  /** When it was revoked; only ever set when revocations are retained for audit. */
  revokedAt: Date | null;
  revocationReason: RevocationReason | null;
  /** Who revoked it (an operator's name or id), when the revocation said; `null` otherwise. */
  revokedBy: string | null;
  /** The free-text note the revocation gave, if any; `null` otherwise. */
  revocationNote: string | null;
  /**
   * What the credential may do (RFC 6749 scope tokens, in the order given); `null` = not
   * restricted. API keys always have a list; a login's session usually has none.
   */
  scopes: string[] | null;
  /** Who created it (an API key's creator, as the application named them); `null` otherwise. */
  createdBy: string | null;
  /** The last characters of an API key's plaintext, for listings; `null` for sessions. */
  displayHint: string | null;
}

/**
 * What {@link SessionStorage.findSessionByRefreshDigest} found: the session whose current refresh
 * token has that digest, or the session that rotated such a token away earlier.
 */
export type RefreshTokenMatch =
  | { state: 'current'; session: SessionRecord }
  | {
      state: 'rotated';
      session: SessionRecord;
      /** When the token was replaced by a newer one. */
      rotatedAt: Date;
      /** When the token itself would have expired had it not been rotated. */
      tokenExpiresAt: Date;
    };

/** How a revocation is recorded. */
export interface Revocation {
  at: Date;
  reason: RevocationReason;
  /**
   * `true`: keep the session, with `revokedAt` and `revocationReason` set, for the audit trail
   * (a later prune deletes it). `false`: delete it, with its rotated refresh digests.
   */
  retain: boolean;
  /**
   * Who revoked it, kept as `revokedBy` with a retained session. [`null`: not recorded — the
   * user themselves, or the library's own policy]
   */
  actor?: string | null;
  /** Why, in an operator's words, kept as `revocationNote` with a retained session. [`null`] */
  note?: string | null;
}

/** The per-user rules {@link SessionStorage.createSession} enforces atomically. */
export interface LoginPolicy {
  /** Revoke every other live session of the user. */
  singleLogin: boolean;
  /** At most `max` live sessions per user; what to do when a login would exceed it. */
  sessionLimit: { max: number; onLimit: 'refuse' | 'evict_oldest' } | null;
  /** How sessions ended by the policy are recorded (reason and `at` are set by core). */
  revocation: Revocation;
}

/** What {@link SessionStorage.createSession} did. */
export type CreateSessionOutcome =
  | {
      created: true;
      /** Sessions the policy revoked to make room (single-login, eviction), oldest first. */
      revokedSessionIds: string[];
    }
  | { created: false; reason: 'session_limit_reached' };

/** The new state written by a successful refresh rotation. */
export interface TokenRotation {
  accessDigest: string;
  refreshDigest: string;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date;
  lastIp: string | null;
  lastUserAgent: string | null;
  /** Recorded with the replaced refresh digest, for the reuse grace window. */
  rotatedAt: Date;
  /**
   * The new token pair sealed for a retry with the replaced refresh token, kept with that
   * digest until the grace window ends; `null` when there is no grace window.
   */
  replay: RefreshReplay | null;
}

/**
 * A rotation's new token pair, sealed by core (AES-256-GCM under a key that only the replaced
 * refresh token's plaintext yields), so that a client whose refresh response was lost gets the
 * same pair again. Opaque to storage, and useless to anyone holding the database alone.
 */
export interface RefreshReplay {
  /** The sealed pair: ASCII text of at most 1024 characters, stored and returned byte for byte. */
  sealed: string;
  /** The end of the grace window: from then on the replay is never returned, and may be deleted. */
  expiresAt: Date;
}

/**
 * What {@link SessionStorage.updateSession} writes: each field given replaces the stored one;
 * a field left out is kept as it is.
 */
export interface SessionUpdate {
  /** The new label; `null` clears it. */
  label?: string | null;
  /** The new context, whole (core has validated it like a login's). */
  context?: JsonObject;
  /** A re-authentication's time. */
  authenticatedAt?: Date;
  /**
   * Ends the credential at this moment: `accessExpiresAt`, `expiresAt` and `absoluteExpiresAt`
   * all become it (an API key rolled with overlap). Only ever earlier than what it replaces.
   */
  expiresAt?: Date;
}

/** The fields a sliding extension (or a last-used update) writes. */
export interface SessionActivity {
  lastUsedAt: Date;
  lastIp: string | null;
  lastUserAgent: string | null;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  expiresAt: Date | null;
}
