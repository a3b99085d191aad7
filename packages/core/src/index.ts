export { createAuthentify, type Authentify } from './authentify.js';
export { AuthentifyError, configurationError, isAuthentifyError, type AuthentifyErrorCode } from './errors.js';
export type { AuthentifyOptions, Clock } from './options/options.js';
export type { AuthentifyLogger } from './diagnostics/logger.js';
export {
  SessionStorageError,
  STORAGE_FAILURE_CODES,
  type StorageFailureCode,
  type StorageFailureEvent,
} from './diagnostics/storage-failure.js';
export { STORAGE_FAILURE_LOG_INTERVAL_MS } from './diagnostics/reporter.js';
export type { AuthentifySettings } from './options/resolve-options.js';
export { parseDuration, type Duration, type DurationUnit } from './options/duration.js';

export type { RequestView } from './credentials/request-view.js';
export { readAccessCredential, readCookie, type Credential, type CredentialReading } from './credentials/read-credential.js';
export { parseAuthorizationHeader, type AuthorizationParse } from './credentials/authorization-header.js';

export type {
  AuthenticationFailure,
  AuthenticationResult,
  AuthenticationSuccess,
} from './sessions/authenticate.js';
export type { AuthenticationFailureReason, RefreshFailureReason } from './sessions/failure-reasons.js';
export type { AfterAuthenticateDecision, AuthentifyHooks, ClientChangeEvent, FailureEvent, HookEvent } from './sessions/hooks.js';
export type { ClientChangeRule, ClientInfo } from './sessions/client-change.js';
export { clientIp, normalizeIp, type ClientRequest, type TrustProxy } from './sessions/client-request.js';
export type { IssuedSession, IssueSessionInput } from './sessions/issue-session.js';
export { API_KEY_HINT_LENGTH, type ApiKey, type CreateApiKeyInput, type CreatedApiKey } from './sessions/api-keys.js';
export { missingScopes, scopesProblem } from './sessions/scopes.js';
export type { PruneOptions, PruneProgress } from './sessions/prune-sessions.js';
export type { BulkRevocationOptions, SessionQuery, SessionSearchResult } from './operators/operator-sessions.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, REVOCATION_REASONS } from './operators/session-query.js';
export type { RefreshFailure, RefreshResult, RefreshSuccess } from './sessions/refresh-session.js';
export type { Session, SessionStatus } from './sessions/session.js';
export { MAX_LABEL_LENGTH, type SessionChanges } from './sessions/update-session.js';

export type { PruneScope, SessionStorage } from './storage/session-storage.js';
export type {
  CreateSessionOutcome,
  JsonObject,
  JsonValue,
  LoginPolicy,
  RefreshReplay,
  RefreshTokenMatch,
  Revocation,
  RevocationReason,
  SessionActivity,
  SessionKind,
  SessionRecord,
  SessionUpdate,
  TokenRotation,
  Transport,
} from './storage/session-record.js';
export {
  compareByKeyset,
  isAfterKeyset,
  SESSION_STATES,
  sessionMatchesFilter,
  sessionStateAt,
  type RevokedSessionRef,
  type SessionFilter,
  type SessionKeyset,
  type SessionSearchPage,
  type SessionState,
  type SessionStateCounts,
} from './storage/session-search.js';
export { MemorySessionStorage } from './storage/memory-storage.js';
export { sessionsToEnd, type ExistingSession, type LoginPolicyDecision } from './storage/login-policy.js';

export { constantTimeEqual } from './tokens/constant-time.js';
export type { TokenHashAlgorithm } from './tokens/token-hasher.js';
