import type { ExistingSession, JsonObject, SessionRecord } from '@authentify/core';
import type { Insertable, Selectable } from 'kysely';
import type { SessionsTable } from './authentify-tables.js';

export type SessionRow = Selectable<SessionsTable>;

/**
 * The row that stores `record`: times as epoch milliseconds, context as JSON text. The audit
 * columns of migration 0004 are written only when set (never at login). `authenticated_at`
 * (migration 0005) is always written: this release needs 0005 before it issues sessions. The
 * columns of migration 0006 are written only when set (an API key, or a session with scopes), so
 * that a login needs nothing of 0006.
 */
export function toSessionRow(record: SessionRecord): Insertable<SessionsTable> {
  return {
    ...(record.revokedBy === null ? {} : { revoked_by: record.revokedBy }),
    ...(record.revocationNote === null ? {} : { revocation_note: record.revocationNote }),
    ...(record.kind === 'session' ? {} : { kind: record.kind }),
    ...(record.scopes === null ? {} : { scopes: JSON.stringify(record.scopes) }),
    ...(record.createdBy === null ? {} : { created_by: record.createdBy }),
    ...(record.displayHint === null ? {} : { display_hint: record.displayHint }),
    id: record.id,
    user_id: record.userId,
    transport: record.transport,
    access_digest: record.accessDigest,
    refresh_digest: record.refreshDigest,
    context: JSON.stringify(record.context),
    created_at: record.createdAt.getTime(),
    authenticated_at: record.authenticatedAt.getTime(),
    ...(record.label === null ? {} : { label: record.label }),
    last_used_at: record.lastUsedAt.getTime(),
    last_ip: record.lastIp,
    last_user_agent: record.lastUserAgent,
    access_expires_at: toMillis(record.accessExpiresAt),
    refresh_expires_at: toMillis(record.refreshExpiresAt),
    expires_at: toMillis(record.expiresAt),
    absolute_expires_at: toMillis(record.absoluteExpiresAt),
    access_ttl_ms: record.accessTtlMs,
    refresh_ttl_ms: record.refreshTtlMs,
    revoked_at: toMillis(record.revokedAt),
    revocation_reason: record.revocationReason,
  };
}

/** The record a row stores. Every call builds new objects, so callers cannot alias each other. */
export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    transport: row.transport,
    accessDigest: row.access_digest,
    refreshDigest: row.refresh_digest,
    context: typeof row.context === 'string' ? (JSON.parse(row.context) as JsonObject) : row.context,
    label: row.label ?? null,
    createdAt: new Date(Number(row.created_at)),
    // Written by an instance of an earlier release during a rolling upgrade: authenticated at login.
    authenticatedAt: new Date(Number(row.authenticated_at ?? row.created_at)),
    lastUsedAt: new Date(Number(row.last_used_at)),
    lastIp: row.last_ip ?? null,
    lastUserAgent: row.last_user_agent ?? null,
    accessExpiresAt: toDate(row.access_expires_at),
    refreshExpiresAt: toDate(row.refresh_expires_at),
    expiresAt: toDate(row.expires_at),
    absoluteExpiresAt: toDate(row.absolute_expires_at),
    accessTtlMs: toNumber(row.access_ttl_ms),
    refreshTtlMs: toNumber(row.refresh_ttl_ms),
    revokedAt: toDate(row.revoked_at),
    revocationReason: row.revocation_reason,
    // Absent (undefined) on a database that has not run migration 0004 yet.
    revokedBy: row.revoked_by ?? null,
    revocationNote: row.revocation_note ?? null,
    // Absent (undefined) before migration 0006; NULL in a session row: a login's session.
    kind: row.kind === 'api_key' ? 'api_key' : 'session',
    scopes: typeof row.scopes === 'string' ? (JSON.parse(row.scopes) as string[]) : null,
    createdBy: row.created_by ?? null,
    displayHint: row.display_hint ?? null,
  };
}

/** The columns a login's policy reads of the user's live rows (see {@link toExistingSession}). */
export const LIVE_SESSION_COLUMNS = ['id', 'kind', 'created_at', 'expires_at'] as const;

/**
 * What core's `sessionsToEnd` needs of a live row: its kind too, since the policy itself leaves
 * API keys out. The queries select live rows only, so `revokedAt` is `null`.
 */
export function toExistingSession(row: Pick<SessionRow, (typeof LIVE_SESSION_COLUMNS)[number]>): ExistingSession {
  return {
    id: row.id,
    kind: row.kind === 'api_key' ? 'api_key' : 'session',
    createdAt: new Date(Number(row.created_at)),
    revokedAt: null,
    expiresAt: row.expires_at === null ? null : new Date(Number(row.expires_at)),
  };
}

export function toMillis(date: Date | null): number | null {
  return date === null ? null : date.getTime();
}

/** Epoch milliseconds as a driver returns a 64-bit integer: number, string or bigint. */
export function toNumber(value: number | string | bigint | null): number | null {
  return value === null ? null : Number(value);
}

export function toDate(value: number | string | bigint | null): Date | null {
  return value === null ? null : new Date(Number(value));
}
