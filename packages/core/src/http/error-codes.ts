import type { AuthenticationFailureReason, RefreshFailureReason } from '../sessions/failure-reasons.js';

/**
 * The stable `error` codes of Authentify's JSON error bodies (`{ "error": code, "message": … }`).
 * Authentication and refresh failures keep their core reason as the code; the rest exist only
 * over HTTP. A code never changes meaning or status between releases.
 */
export type HttpErrorCode =
  | AuthenticationFailureReason
  | RefreshFailureReason
  | 'csrf_rejected'
  | 'invalid_body'
  | 'body_too_large'
  | 'session_not_found'
  | 'method_not_allowed'
  | 'session_limit_reached'
  | 'reauthentication_required'
  | 'insufficient_scope'
  | 'storage_unavailable';

/**
 * The status of each code. Written reasons for the less obvious ones:
 * - `refresh_token_superseded` 409: nothing is wrong with the session — another tab or a retry
 *   rotated the token a moment ago — so the client should retry with its newest tokens rather
 *   than log in again, which a 401 would suggest.
 * - `session_limit_reached` 409: the login conflicts with the user's current sessions; logging
 *   one out resolves it. (403 is the CSRF refusal; 429 means rate limiting.)
 * - `session_not_found` 404 also when the session exists but is another user's: revealing that
 *   it exists would leak other users' session ids.
 * - `reauthentication_required` 403 rather than 401: the credential is fine, and refreshing it
 *   would not help (a refresh keeps `authenticatedAt`); the user must prove who they are again
 *   (the application's password prompt, then `auth.reauthenticate`). A 401 would send clients
 *   that refresh on 401 into a loop.
 * - `insufficient_scope` 403 (RFC 6750 §3.1): the credential is valid but lacks a scope the
 *   route requires; the `WWW-Authenticate` challenge names the scopes needed.
 * - `body_too_large` 413 rather than 400: the body was not read, so it is not known to be broken.
 */
export const HTTP_ERROR_STATUS: Readonly<Record<HttpErrorCode, number>> = Object.freeze({
  missing: 401,
  invalid_request: 400,
  malformed: 401,
  invalid: 401,
  expired: 401,
  revoked: 401,
  wrong_transport: 401,
  user_inactive: 401,
  refused: 401,
  refresh_token_reused: 401,
  refresh_token_superseded: 409,
  csrf_rejected: 403,
  invalid_body: 400,
  body_too_large: 413,
  session_not_found: 404,
  method_not_allowed: 405,
  session_limit_reached: 409,
  reauthentication_required: 403,
  insufficient_scope: 403,
  storage_unavailable: 503,
});

/**
 * Human-readable messages. They double as the RFC 6750 `error_description`, so they stay within
 * printable ASCII without `"` or `\`.
 */
export const HTTP_ERROR_MESSAGES: Readonly<Record<HttpErrorCode, string>> = Object.freeze({
  missing: 'Authentication required: no credential was sent.',
  invalid_request: 'The Authorization header is malformed: send exactly one token after the scheme.',
  malformed: 'The token is not a well-formed token.',
  invalid: 'The token is not valid.',
  expired: 'The token has expired.',
  revoked: 'The session has been revoked.',
  wrong_transport: 'The token was sent through the wrong channel (cookie session token in a header, or the reverse).',
  user_inactive: 'The user of this session is no longer active.',
  refused: 'The request was refused for this session.',
  refresh_token_reused: 'The refresh token was already used; the session has been revoked.',
  refresh_token_superseded: 'The refresh token was just rotated; retry with the newest tokens.',
  csrf_rejected: 'Cross-origin request refused: Origin / Sec-Fetch-Site do not show an allowed origin.',
  invalid_body: 'The request body is not what this route accepts: see the route in docs/http.md.',
  body_too_large: 'The request body is too large.',
  session_not_found: 'No such session among yours.',
  method_not_allowed: 'This method is not allowed on this route.',
  session_limit_reached: 'The maximum number of sessions has been reached; log one out first.',
  reauthentication_required: 'This action needs a recent sign-in: confirm your password, then retry.',
  insufficient_scope: 'The credential lacks a scope this route requires.',
  storage_unavailable: 'The session store is unavailable; try again shortly.',
});
