import type { AuthentifySettings } from '../options/resolve-options.js';
import type { SessionActivity, SessionRecord } from '../storage/session-record.js';

/** A session's expiry times in epoch milliseconds; `null` = never (refresh: no refresh token). */
export interface ExpiryTimes {
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  expiresAt: number | null;
}

/** The earlier of two optional deadlines (`null` = none). */
function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/** Adds a TTL to `now` and caps it (`null` TTL = never expires, so only the cap applies). */
function deadline(now: number, ttlMs: number | null, cap: number | null): number | null {
  return earliest(ttlMs === null ? null : now + ttlMs, cap);
}

/**
 * When the session as a whole ends: its refresh expiry if it has a refresh token (which always
 * outlasts the access token), else its access expiry.
 */
function sessionEnd(accessExpiresAt: number | null, refreshExpiresAt: number | null): number | null {
  return refreshExpiresAt ?? accessExpiresAt;
}

/** Expiries of a session issued at `now` with its own TTLs, capped by its absolute expiry. */
export function expiriesAtIssue(
  now: number,
  accessTtlMs: number | null,
  refreshTtlMs: number | null,
  absoluteExpiresAt: number | null,
): ExpiryTimes {
  const accessExpiresAt = deadline(now, accessTtlMs, absoluteExpiresAt);
  const refreshExpiresAt = refreshTtlMs === null ? null : deadline(now, refreshTtlMs, absoluteExpiresAt);
  return { accessExpiresAt, refreshExpiresAt, expiresAt: sessionEnd(accessExpiresAt, refreshExpiresAt) };
}

/** Expiries after a refresh rotation at `now`: fresh TTLs from now, capped by the absolute expiry. */
export function expiriesAtRotation(record: SessionRecord, now: number): ExpiryTimes & { refreshExpiresAt: number } {
  const absolute = record.absoluteExpiresAt?.getTime() ?? null;
  const accessExpiresAt = deadline(now, record.accessTtlMs, absolute);
  // A session reaches rotation only through a refresh token, so it has a refresh TTL.
  const refreshExpiresAt = deadline(now, record.refreshTtlMs, absolute) ?? now;
  return { accessExpiresAt, refreshExpiresAt, expiresAt: refreshExpiresAt };
}

/** The times an activity write sets; where the client came from is added by the caller. */
export type ActivityTimes = Omit<SessionActivity, 'lastIp' | 'lastUserAgent'>;

/**
 * Whether an authenticated request at `now` should write activity, and what: with sliding
 * expiry, the expiries pushed out by the session's own TTLs (capped by `sliding.maxLifetime`
 * from login and by the absolute expiry, never moved earlier); without it, only the last-used
 * time. Returns `null` when no write is due yet — unless `force` (the client moved, and where
 * it is now must be written at once), which ignores the interval.
 */
export function activityDue(
  record: SessionRecord,
  now: number,
  settings: Pick<AuthentifySettings, 'sliding' | 'lastUsedIntervalMs'>,
  force = false,
): { activity: ActivityTimes; extended: boolean } | null {
  const intervalMs = settings.sliding?.intervalMs ?? settings.lastUsedIntervalMs;
  if (!force && (intervalMs === null || now - record.lastUsedAt.getTime() < intervalMs)) return null;
  // A forced write never moves lastUsedAt backwards (a test clock, a record from the future).
  if (now < record.lastUsedAt.getTime()) return null;

  const current: ExpiryTimes = {
    accessExpiresAt: record.accessExpiresAt?.getTime() ?? null,
    refreshExpiresAt: record.refreshExpiresAt?.getTime() ?? null,
    expiresAt: record.expiresAt?.getTime() ?? null,
  };
  let next = current;
  if (settings.sliding !== null) {
    const absolute = record.absoluteExpiresAt?.getTime() ?? null;
    const slidingCap =
      settings.sliding.maxLifetimeMs === null ? null : record.createdAt.getTime() + settings.sliding.maxLifetimeMs;
    const accessExpiresAt = later(current.accessExpiresAt, deadline(now, record.accessTtlMs, earliest(absolute, slidingCap)));
    const refreshExpiresAt =
      current.refreshExpiresAt === null
        ? null
        : later(current.refreshExpiresAt, deadline(now, record.refreshTtlMs, absolute));
    next = { accessExpiresAt, refreshExpiresAt, expiresAt: sessionEnd(accessExpiresAt, refreshExpiresAt) };
  }
  return {
    extended: next.accessExpiresAt !== current.accessExpiresAt || next.refreshExpiresAt !== current.refreshExpiresAt,
    activity: {
      lastUsedAt: new Date(now),
      accessExpiresAt: toDate(next.accessExpiresAt),
      refreshExpiresAt: toDate(next.refreshExpiresAt),
      expiresAt: toDate(next.expiresAt),
    },
  };
}

/** The later of the current deadline and a proposed one; `null` (never) beats any time. */
function later(current: number | null, proposed: number | null): number | null {
  if (current === null || proposed === null) return null;
  return Math.max(current, proposed);
}

export function toDate(epochMs: number | null): Date | null {
  return epochMs === null ? null : new Date(epochMs);
}
