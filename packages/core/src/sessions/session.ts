import type { RevocationReason, SessionKind, SessionRecord, Transport } from '../storage/session-record.js';

/** Where a session stands at a given moment. */
export type SessionStatus = 'active' | 'expired' | 'revoked';

/**
 * A session as the application sees it: ids, transport, context and times — never a token or a
 * digest. Returned by authentication, issue, refresh and listing.
 */
export interface Session<Context extends object> {
  /** Stable, non-secret id: the same across refreshes; revoking it ends every token it had. */
  readonly id: string;
  readonly userId: string;
  /** `session` for a login, `api_key` for an API key (see `auth.createApiKey`). */
  readonly kind: SessionKind;
  readonly transport: Transport;
  /** The JSON context given at login, read-only (strict mode throws on a missing key). */
  readonly context: Readonly<Context>;
  /** The device's name as the user gave it (see `auth.updateSession`); `null` when none. */
  readonly label: string | null;
  readonly createdAt: Date;
  /**
   * When the user last proved who they are for this session: at login, or at the latest
   * `auth.reauthenticate` (step-up). `required({ freshWithin })` compares against it.
   */
  readonly authenticatedAt: Date;
  readonly lastUsedAt: Date;
  /** The client IP address of the last recorded use (see `trustProxy`); `null` when unknown. */
  readonly lastIp: string | null;
  /** The `User-Agent` of the last recorded use; `null` when unknown. */
  readonly lastUserAgent: string | null;
  /** `null` = the access token never expires. */
  readonly accessExpiresAt: Date | null;
  /** `null` = the session has no refresh token. */
  readonly refreshExpiresAt: Date | null;
  /** When the session ends as a whole; `null` = never. */
  readonly expiresAt: Date | null;
  readonly absoluteExpiresAt: Date | null;
  readonly status: SessionStatus;
  readonly revokedAt: Date | null;
  readonly revocationReason: RevocationReason | null;
  /** Who revoked it, when the revocation named an actor (an operator); `null` otherwise. */
  readonly revokedBy: string | null;
  /** The note the revocation gave, if any. */
  readonly revocationNote: string | null;
  /** What it may do; `null` = not restricted (a login's session, unless the application set scopes). */
  readonly scopes: readonly string[] | null;
}

/**
 * `expired` means the access token no longer works. For listing, a session whose access token
 * lapsed but whose refresh token still works is `active`: the client can still refresh it.
 */
export function sessionStatus(record: SessionRecord, now: number, view: 'access' | 'session'): SessionStatus {
  if (record.revokedAt !== null) return 'revoked';
  const end = view === 'access' ? record.accessExpiresAt : record.expiresAt;
  if (end !== null && now >= end.getTime()) return 'expired';
  // Never later than the others for a session; for a rolled API key it is the end of the
  // overlap, which a concurrent last-used write (that rewrites the other two) cannot move.
  const absolute = record.absoluteExpiresAt;
  return absolute !== null && now >= absolute.getTime() ? 'expired' : 'active';
}

/** The public view of a stored session: digests and internal TTL bookkeeping left out. */
export function toSession<Context extends object>(
  record: SessionRecord,
  context: Readonly<Context>,
  status: SessionStatus,
): Session<Context> {
  return {
    id: record.id,
    userId: record.userId,
    kind: record.kind,
    transport: record.transport,
    context,
    label: record.label,
    createdAt: record.createdAt,
    authenticatedAt: record.authenticatedAt,
    lastUsedAt: record.lastUsedAt,
    lastIp: record.lastIp,
    lastUserAgent: record.lastUserAgent,
    accessExpiresAt: record.accessExpiresAt,
    refreshExpiresAt: record.refreshExpiresAt,
    expiresAt: record.expiresAt,
    absoluteExpiresAt: record.absoluteExpiresAt,
    status,
    revokedAt: record.revokedAt,
    revocationReason: record.revocationReason,
    revokedBy: record.revokedBy,
    revocationNote: record.revocationNote,
    scopes: record.scopes,
  };
}
