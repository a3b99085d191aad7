/**
 * The span and metric attribute names of the OpenTelemetry instrumentation. None of them ever
 * carries a token or a digest. The session id is not a secret (it names a device in "your
 * devices" lists); the user id is recorded only with `recordUserId: true`, since it can be
 * personal data.
 */
export const ATTRIBUTES = Object.freeze({
  /** `header` or `cookie`, when known. */
  transport: 'authentify.transport',
  /** `success` or `failure`. */
  outcome: 'authentify.outcome',
  /** Why it was refused or failed: an authentication/refresh reason, or an error code. */
  failureReason: 'authentify.failure.reason',
  /** For `storage_unavailable`: `schema_missing`, `unreachable`, `access_denied`, `timeout`, `unknown`. */
  storageFailureCode: 'authentify.storage.failure_code',
  /** The session's id, when one was found. */
  sessionId: 'authentify.session.id',
  /** The user id, only with `recordUserId: true`. */
  userId: 'enduser.id',
  /** Authenticate: whether sliding expiry extended the session. Refresh: whether it was a grace-window replay. */
  extended: 'authentify.session.extended',
  replayed: 'authentify.refresh.replayed',
  /** Revoke: `session`, `all_of_user`, `others_of_user` or `matching` (an operator's bulk revocation); the reason; how many were revoked. */
  revokeScope: 'authentify.revoke.scope',
  revokeReason: 'authentify.revoke.reason',
  revokedCount: 'authentify.revoke.count',
  /** The counter's: `issue`, `authenticate`, `refresh` or `revoke`. */
  operation: 'authentify.operation',
});

/** Span names, one per operation. */
export const SPAN_NAMES = Object.freeze({
  issue: 'authentify.issue',
  authenticate: 'authentify.authenticate',
  refresh: 'authentify.refresh',
  revoke: 'authentify.revoke',
});

/** The counter of refused and failed operations, by operation and reason. */
export const FAILURE_COUNTER = 'authentify.failures';
