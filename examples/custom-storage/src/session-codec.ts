import type { JsonObject, RevocationReason, SessionKind, SessionRecord, Transport } from '@authentify/core';

/** A session as stored: the record with its times as epoch milliseconds, in JSON. */
interface StoredSession {
  id: string;
  userId: string;
  transport: Transport;
  accessDigest: string;
  refreshDigest: string | null;
  context: JsonObject;
  /** Absent from sessions stored before the record had them: no label, authenticated at login. */
  label?: string | null;
  createdAt: number;
  authenticatedAt?: number;
  lastUsedAt: number;
  /** Absent from sessions stored before the record had it. */
  lastIp?: string | null;
  lastUserAgent?: string | null;
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  expiresAt: number | null;
  absoluteExpiresAt: number | null;
  accessTtlMs: number | null;
  refreshTtlMs: number | null;
  revokedAt: number | null;
  revocationReason: RevocationReason | null;
  /** Absent in records written before the audit fields existed: read as `null`. */
  revokedBy?: string | null;
  revocationNote?: string | null;
  /** Absent in records written before API keys existed: a login's session, without scopes. */
  kind?: SessionKind;
  scopes?: string[] | null;
  createdBy?: string | null;
  displayHint?: string | null;
}

/** A rotated-away refresh token, kept so that its reuse is recognised. */
export interface RotatedToken {
  sessionId: string;
  rotatedAt: Date;
  tokenExpiresAt: Date;
}

/** A session's refresh replay, with the refresh digest its rotation replaced. */
export interface KeptReplay {
  replacedRefreshDigest: string;
  sealed: string;
  expiresAt: Date;
}

export function encodeSession(record: SessionRecord): string {
  const stored: StoredSession = {
    ...record,
    createdAt: record.createdAt.getTime(),
    authenticatedAt: record.authenticatedAt.getTime(),
    lastUsedAt: record.lastUsedAt.getTime(),
    accessExpiresAt: millis(record.accessExpiresAt),
    refreshExpiresAt: millis(record.refreshExpiresAt),
    expiresAt: millis(record.expiresAt),
    absoluteExpiresAt: millis(record.absoluteExpiresAt),
    revokedAt: millis(record.revokedAt),
  };
  return JSON.stringify(stored);
}

/** A fresh record on every call: callers can change it without touching the stored one. */
export function decodeSession(text: string): SessionRecord {
  const stored = JSON.parse(text) as StoredSession;
  return {
    ...stored,
    label: stored.label ?? null,
    createdAt: new Date(stored.createdAt),
    authenticatedAt: new Date(stored.authenticatedAt ?? stored.createdAt),
    lastUsedAt: new Date(stored.lastUsedAt),
    lastIp: stored.lastIp ?? null,
    lastUserAgent: stored.lastUserAgent ?? null,
    accessExpiresAt: date(stored.accessExpiresAt),
    refreshExpiresAt: date(stored.refreshExpiresAt),
    expiresAt: date(stored.expiresAt),
    absoluteExpiresAt: date(stored.absoluteExpiresAt),
    revokedAt: date(stored.revokedAt),
    revokedBy: stored.revokedBy ?? null,
    revocationNote: stored.revocationNote ?? null,
    kind: stored.kind ?? 'session',
    scopes: stored.scopes ?? null,
    createdBy: stored.createdBy ?? null,
    displayHint: stored.displayHint ?? null,
  };
}

export function encodeRotated(rotated: RotatedToken): string {
  return JSON.stringify({ sessionId: rotated.sessionId, rotatedAt: rotated.rotatedAt.getTime(), tokenExpiresAt: rotated.tokenExpiresAt.getTime() });
}

export function decodeRotated(text: string): RotatedToken {
  const stored = JSON.parse(text) as { sessionId: string; rotatedAt: number; tokenExpiresAt: number };
  return { sessionId: stored.sessionId, rotatedAt: new Date(stored.rotatedAt), tokenExpiresAt: new Date(stored.tokenExpiresAt) };
}

export function encodeReplay(replay: KeptReplay): string {
  return JSON.stringify({ replacedRefreshDigest: replay.replacedRefreshDigest, sealed: replay.sealed, expiresAt: replay.expiresAt.getTime() });
}

export function decodeReplay(text: string): KeptReplay {
  const stored = JSON.parse(text) as { replacedRefreshDigest: string; sealed: string; expiresAt: number };
  return { replacedRefreshDigest: stored.replacedRefreshDigest, sealed: stored.sealed, expiresAt: new Date(stored.expiresAt) };
}

function millis(value: Date | null): number | null {
  return value === null ? null : value.getTime();
}

function date(value: number | null): Date | null {
  return value === null ? null : new Date(value);
}
