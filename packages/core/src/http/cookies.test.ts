import { parseSetCookie } from 'cookie';
import { describe, expect, it } from 'vitest';
import type { Session } from '../sessions/session.js';
import { accessCookie, clearedCookies, isSecureCookie, refreshCookie, sessionCookies } from './cookies.js';
import type { HttpSettings } from './http-options.js';
import { parseRequestTarget } from './request-target.js';

const settings: HttpSettings['cookies'] = {
  names: { access: 'afy_access', refresh: 'afy_refresh' },
  secure: 'auto',
  sameSite: 'lax',
  domain: null,
  path: '/',
  refreshPath: '/auth/refresh',
  refreshSlides: false,
};
const now = Date.UTC(2030, 0, 1);
const session = (overrides: Partial<Session<object>> = {}): Session<object> => ({
  id: 'id',
  userId: 'user',
  kind: 'session',
  transport: 'cookie',
  context: {},
  label: null,
  createdAt: new Date(now - 3_600_000),
  authenticatedAt: new Date(now - 3_600_000),
  lastUsedAt: new Date(now),
  lastIp: null,
  lastUserAgent: null,
  accessExpiresAt: new Date(now + 900_000),
  refreshExpiresAt: new Date(now + 86_400_000),
  expiresAt: new Date(now + 86_400_000),
  absoluteExpiresAt: null,
  status: 'active',
  revokedAt: null,
  revocationReason: null,
  revokedBy: null,
  revocationNote: null,
  scopes: null,
  ...overrides,
});
const local = parseRequestTarget('http://127.0.0.1:3000/login');
const remote = parseRequestTarget('https://app.example/login');

describe('session cookies', () => {
  it('writes both cookies with safe attributes, Max-Age measured from the session’s last use', () => {
    const [access, refresh] = sessionCookies({ session: session(), accessToken: 'afy_at_a', refreshToken: 'afy_rt_r' }, remote, settings);
    expect(access).toBe('afy_access=afy_at_a; Max-Age=900; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(refresh).toBe('afy_refresh=afy_rt_r; Max-Age=86400; Path=/auth/refresh; HttpOnly; Secure; SameSite=Lax');
  });

  it('with sliding expiry, keeps the refresh cookie as long as its token can come to live', () => {
    const sliding = { ...settings, refreshSlides: true };
    expect(parseSetCookie(refreshCookie('afy_rt_r', session(), remote, sliding)).maxAge).toBe(400 * 86_400);
    const capped = session({ absoluteExpiresAt: new Date(now + 7 * 86_400_000) });
    expect(parseSetCookie(refreshCookie('afy_rt_r', capped, remote, sliding)).maxAge).toBe(7 * 86_400);
    // Without sliding the token's expiry cannot move: the cookie ends with it.
    expect(parseSetCookie(refreshCookie('afy_rt_r', capped, remote, settings)).maxAge).toBe(86_400);
  });

  it('leaves out the refresh cookie when the session has no refresh token', () => {
    const cookies = sessionCookies({ session: session({ refreshExpiresAt: null }), accessToken: 'afy_at_a', refreshToken: null }, remote, settings);
    expect(cookies).toHaveLength(1);
  });

  it('caps a never-expiring token at 400 days and an overdue one at 0', () => {
    expect(parseSetCookie(accessCookie('t', session({ accessExpiresAt: null, expiresAt: null }), remote, settings)).maxAge).toBe(400 * 86_400);
    expect(parseSetCookie(accessCookie('t', session({ accessExpiresAt: new Date(now - 5_000) }), remote, settings)).maxAge).toBe(0);
  });

  it('adds Domain when configured and honours sameSite and secure', () => {
    const cookie = accessCookie('t', session(), local, { ...settings, domain: 'example.com', sameSite: 'strict', secure: true });
    expect(parseSetCookie(cookie)).toMatchObject({ domain: 'example.com', sameSite: 'strict', secure: true });
  });

  it('clears both cookies at their own paths', () => {
    expect(clearedCookies(remote, settings)).toEqual([
      'afy_access=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax',
      'afy_refresh=; Max-Age=0; Path=/auth/refresh; HttpOnly; Secure; SameSite=Lax',
    ]);
  });

  it.each([
    ['http://localhost:3000/', false],
    ['http://app.localhost/', false],
    ['http://127.0.0.1/', false],
    ['http://127.1.2.3:8080/', false],
    ['http://[::1]:3000/', false],
    ['https://localhost:3000/', true],
    ['http://localhost.evil.example/', true],
    ['http://127.0.0.1.nip.io/', true],
    ['http://10.0.0.1/', true],
    ['https://app.example/', true],
    ['not a url', true],
  ])('Secure for %s under auto: %s', (url, secure) => {
    expect(isSecureCookie(parseRequestTarget(url), { secure: 'auto' })).toBe(secure);
  });

  it('obeys an explicit secure setting everywhere', () => {
    expect(isSecureCookie(local, { secure: true })).toBe(true);
    expect(isSecureCookie(remote, { secure: false })).toBe(false);
  });
});
