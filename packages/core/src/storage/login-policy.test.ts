import { describe, expect, it } from 'vitest';
import { type ExistingSession, sessionsToEnd } from './login-policy.js';

const now = new Date('2026-06-01T12:00:00.000Z');
const at = (minutesBeforeNow: number): Date => new Date(now.getTime() - minutesBeforeNow * 60_000);

function session(id: string, createdMinutesAgo: number, extra: Partial<ExistingSession> = {}): ExistingSession {
  return { id, createdAt: at(createdMinutesAgo), revokedAt: null, expiresAt: null, ...extra };
}

const noPolicy = { singleLogin: false, sessionLimit: null };
const singleLogin = { singleLogin: true, sessionLimit: null };
const limit = (max: number, onLimit: 'refuse' | 'evict_oldest') => ({ singleLogin: false, sessionLimit: { max, onLimit } });

describe('sessionsToEnd', () => {
  it('admits every login and ends nothing without a policy', () => {
    const existing = [session('a', 3), session('b', 2)];
    expect(sessionsToEnd(existing, noPolicy, now)).toEqual({ admit: true, end: [] });
  });

  it('ends every live session, oldest first, under single-login', () => {
    const existing = [session('new', 1), session('old', 30), session('mid', 10)];
    expect(sessionsToEnd(existing, singleLogin, now)).toEqual({ admit: true, end: ['old', 'mid', 'new'] });
  });

  it('orders sessions created in the same millisecond by id', () => {
    const existing = [session('c', 5), session('a', 5), session('b', 5)];
    expect(sessionsToEnd(existing, singleLogin, now)).toEqual({ admit: true, end: ['a', 'b', 'c'] });
  });

  it('neither counts nor ends revoked sessions and sessions expired by now', () => {
    const existing = [
      session('revoked', 40, { revokedAt: at(20) }),
      session('expired', 30, { expiresAt: at(1) }),
      session('expires-exactly-now', 25, { expiresAt: now }),
      session('live', 10, { expiresAt: at(-60) }),
    ];
    expect(sessionsToEnd(existing, singleLogin, now)).toEqual({ admit: true, end: ['live'] });
    expect(sessionsToEnd(existing, limit(2, 'refuse'), now)).toEqual({ admit: true, end: [] });
  });

  it('admits a login below the limit and refuses one at it with refuse', () => {
    expect(sessionsToEnd([session('a', 2)], limit(2, 'refuse'), now)).toEqual({ admit: true, end: [] });
    expect(sessionsToEnd([session('a', 2), session('b', 1)], limit(2, 'refuse'), now)).toEqual({
      admit: false,
      reason: 'session_limit_reached',
    });
  });

  it('evicts exactly enough of the oldest sessions to leave max with the new one', () => {
    const existing = [session('d', 1), session('a', 40), session('c', 5), session('b', 20)];
    expect(sessionsToEnd(existing, limit(2, 'evict_oldest'), now)).toEqual({ admit: true, end: ['a', 'b', 'c'] });
    expect(sessionsToEnd(existing, limit(4, 'evict_oldest'), now)).toEqual({ admit: true, end: ['a'] });
    expect(sessionsToEnd(existing, limit(5, 'evict_oldest'), now)).toEqual({ admit: true, end: [] });
  });

  it('treats a limit of one with eviction like single-login', () => {
    const existing = [session('b', 1), session('a', 2)];
    expect(sessionsToEnd(existing, limit(1, 'evict_oldest'), now)).toEqual(sessionsToEnd(existing, singleLogin, now));
  });

  it('does not reorder or change the array it is given', () => {
    const existing = [session('b', 1), session('a', 2)];
    const before = structuredClone(existing);
    sessionsToEnd(existing, singleLogin, now);
    expect(existing).toEqual(before);
  });
});
