import { describe, expect, it } from 'vitest';
import { sessionRecord } from '../testing/fixtures.js';
import { activityDue, expiriesAtIssue, expiriesAtRotation } from './lifetime.js';

const MIN = 60_000;
const DAY = 86_400_000;
const t0 = Date.UTC(2030, 0, 1);

describe('expiriesAtIssue', () => {
  it('adds the TTLs to now; the session ends with its refresh token', () => {
    expect(expiriesAtIssue(t0, 15 * MIN, 30 * DAY, null)).toEqual({
      accessExpiresAt: t0 + 15 * MIN,
      refreshExpiresAt: t0 + 30 * DAY,
      expiresAt: t0 + 30 * DAY,
    });
  });

  it('without refresh token the session ends with its access token; null TTL = never', () => {
    expect(expiriesAtIssue(t0, 15 * MIN, null, null)).toEqual({ accessExpiresAt: t0 + 15 * MIN, refreshExpiresAt: null, expiresAt: t0 + 15 * MIN });
    expect(expiriesAtIssue(t0, null, null, null)).toEqual({ accessExpiresAt: null, refreshExpiresAt: null, expiresAt: null });
  });

  it('caps everything at the absolute expiry, even a never-expiring access token', () => {
    expect(expiriesAtIssue(t0, 15 * MIN, 30 * DAY, t0 + 7 * DAY)).toMatchObject({ refreshExpiresAt: t0 + 7 * DAY, expiresAt: t0 + 7 * DAY });
    expect(expiriesAtIssue(t0, null, null, t0 + DAY)).toEqual({ accessExpiresAt: t0 + DAY, refreshExpiresAt: null, expiresAt: t0 + DAY });
  });
});

describe('expiriesAtRotation', () => {
  it('uses the session’s own TTLs from now, capped by its absolute expiry', () => {
    const record = sessionRecord(t0, { accessTtlMs: 5 * MIN, refreshTtlMs: 2 * DAY, absoluteExpiresAt: new Date(t0 + DAY) });
    expect(expiriesAtRotation(record, t0 + 10 * MIN)).toEqual({
      accessExpiresAt: t0 + 15 * MIN,
      refreshExpiresAt: t0 + DAY,
      expiresAt: t0 + DAY,
    });
  });
});

describe('activityDue', () => {
  const sliding = { sliding: { intervalMs: MIN, maxLifetimeMs: null }, lastUsedIntervalMs: 5 * MIN };
  const record = sessionRecord(t0, {
    accessTtlMs: 10 * MIN,
    refreshTtlMs: DAY,
    accessExpiresAt: new Date(t0 + 10 * MIN),
    refreshExpiresAt: new Date(t0 + DAY),
    expiresAt: new Date(t0 + DAY),
  });

  it('is not due before the interval since the last write', () => {
    expect(activityDue(record, t0 + MIN - 1, sliding)).toBeNull();
  });

  it('slides both expiries by the session’s own TTLs once the interval has passed', () => {
    expect(activityDue(record, t0 + 2 * MIN, sliding)).toEqual({
      extended: true,
      activity: {
        lastUsedAt: new Date(t0 + 2 * MIN),
        accessExpiresAt: new Date(t0 + 12 * MIN),
        refreshExpiresAt: new Date(t0 + DAY + 2 * MIN),
        expiresAt: new Date(t0 + DAY + 2 * MIN),
      },
    });
  });

  it('with interval 0 is due on every request', () => {
    expect(activityDue(record, t0, { ...sliding, sliding: { intervalMs: 0, maxLifetimeMs: null } })).not.toBeNull();
  });

  it('never slides the access expiry past sliding.maxLifetime from login, nor anything past the absolute expiry', () => {
    const capped = { ...sliding, sliding: { intervalMs: MIN, maxLifetimeMs: 15 * MIN } };
    expect(activityDue(record, t0 + 9 * MIN, capped)?.activity.accessExpiresAt).toEqual(new Date(t0 + 15 * MIN));
    const absolute = { ...record, absoluteExpiresAt: new Date(t0 + 11 * MIN) };
    expect(activityDue(absolute, t0 + 9 * MIN, sliding)?.activity).toMatchObject({
      accessExpiresAt: new Date(t0 + 11 * MIN),
      refreshExpiresAt: new Date(t0 + DAY),
    });
  });

  it('never moves an expiry earlier', () => {
    const longLived = { ...record, accessExpiresAt: new Date(t0 + DAY - 1) };
    expect(activityDue(longLived, t0 + 2 * MIN, sliding)?.activity.accessExpiresAt).toEqual(new Date(t0 + DAY - 1));
  });

  it('without sliding writes only the last-used time, every lastUsedInterval; null disables it', () => {
    const noSliding = { sliding: null, lastUsedIntervalMs: 5 * MIN };
    expect(activityDue(record, t0 + 4 * MIN, noSliding)).toBeNull();
    expect(activityDue(record, t0 + 5 * MIN, noSliding)).toEqual({
      extended: false,
      activity: {
        lastUsedAt: new Date(t0 + 5 * MIN),
        accessExpiresAt: record.accessExpiresAt,
        refreshExpiresAt: record.refreshExpiresAt,
        expiresAt: record.expiresAt,
      },
    });
    expect(activityDue(record, t0 + DAY, { sliding: null, lastUsedIntervalMs: null })).toBeNull();
  });
});
