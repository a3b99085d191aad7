/**
 * Why an authentication did not succeed. A fixed set: adapters map each to an HTTP status and a
 * stable error code, and monitoring can count them.
 *
 * - `missing`: no credential of ours on the request (a foreign `Authorization` scheme counts as
 *   none).
 * - `invalid_request`: the request itself is broken — an `Authorization` header with our scheme
 *   but not exactly one token (duplicate headers, extra words), or an oversized one.
 * - `malformed`: the string is not a token of ours (wrong shape, alphabet or checksum); refused
 *   without a storage call.
 * - `invalid`: well-formed, but no session has it (never issued, rotated away, or deleted).
 * - `expired`: the session's access token (or, on refresh, its refresh token or its absolute
 *   lifetime) has run out.
 * - `revoked`: the session was revoked and kept for the audit trail.
 * - `wrong_transport`: a cookie session's token came in a header or the reverse, with transport
 *   restriction on.
 * - `user_inactive`: `resolveUser` returned `null`.
 * - `refused`: the `afterAuthenticate` hook refused the request (on refresh too: nothing rotated).
 */
export type AuthenticationFailureReason =
  | 'missing'
  | 'invalid_request'
  | 'malformed'
  | 'invalid'
  | 'expired'
  | 'revoked'
  | 'wrong_transport'
  | 'user_inactive'
  | 'refused';

/**
 * Why a refresh did not succeed: the authentication reasons that apply, plus
 * - `refresh_token_reused`: a refresh token rotated away at least the grace window ago was
 *   presented again; the session has been revoked (theft is assumed).
 * - `refresh_token_superseded`: the token was rotated moments ago (within the grace window), but
 *   the pair that rotation handed out can no longer be replayed — it has been rotated again
 *   itself, or the storage kept no replay. The session is untouched; the client should use the
 *   newer tokens it already has. (A plain retry inside the window gets the same pair instead.)
 */
export type RefreshFailureReason =
  | AuthenticationFailureReason
  | 'refresh_token_reused'
  | 'refresh_token_superseded';
