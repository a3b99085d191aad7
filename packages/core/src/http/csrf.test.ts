import { describe, expect, it } from 'vitest';
import { isUnsafeMethod, passesCsrfCheck } from './csrf.js';
import { parseRequestTarget } from './request-target.js';

const target = parseRequestTarget('http://app.example:8080/auth/logout');
const csrf = { allowedOrigins: ['https://trusted.example'] };
const check = (method: string, headers: Record<string, string>, settings: { allowedOrigins: readonly string[] } | null = csrf) =>
  passesCsrfCheck({ method, header: (name) => headers[name] ?? null }, target, settings);

describe('CSRF check', () => {
  it('treats everything but GET, HEAD, OPTIONS and TRACE as unsafe', () => {
    expect(['GET', 'HEAD', 'OPTIONS', 'TRACE'].map(isUnsafeMethod)).toEqual([false, false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'PURGE', 'post'].map(isUnsafeMethod)).toEqual([true, true, true, true, true, true]);
  });

  it.each<[string, Record<string, string>, boolean]>([
    ['a safe method from anywhere', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, true],
    ['same-origin by Sec-Fetch-Site', { 'sec-fetch-site': 'same-origin' }, true],
    ['a user-initiated navigation', { 'sec-fetch-site': 'none' }, true],
    ['same-site but another origin', { 'sec-fetch-site': 'same-site', origin: 'http://sub.app.example:8080' }, false],
    ['cross-site', { 'sec-fetch-site': 'cross-site' }, false],
    ['cross-site claiming our origin', { 'sec-fetch-site': 'cross-site', origin: 'http://app.example:8080' }, false],
    ['cross-site from a trusted origin', { 'sec-fetch-site': 'cross-site', origin: 'https://trusted.example' }, true],
    ['a trusted origin written differently', { origin: 'HTTPS://TRUSTED.EXAMPLE:443' }, true],
    ['our own origin without Sec-Fetch-Site', { origin: 'http://app.example:8080' }, true],
    ['our host on another scheme (TLS ended at a proxy)', { origin: 'https://app.example:8080' }, true],
    ['another port', { origin: 'http://app.example:8081' }, false],
    ['Origin: null', { origin: 'null' }, false],
    ['two origins', { origin: 'http://app.example:8080, https://evil.example' }, false],
    ['a non-http origin', { origin: 'chrome-extension://abc' }, false],
    ['no browser headers at all', {}, true],
  ])('POST with %s → %s', (_label, headers, expected) => {
    const method = _label === 'a safe method from anywhere' ? 'GET' : 'POST';
    expect(check(method, headers)).toBe(expected);
  });

  it('passes everything when turned off', () => {
    expect(check('POST', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, null)).toBe(true);
  });

  it('refuses every origin when the request’s own host is unknown, except trusted ones', () => {
    const unknown = parseRequestTarget('http://bad host/');
    const request = (origin: string) => ({ method: 'POST', header: (name: string) => (name === 'origin' ? origin : null) });
    expect(passesCsrfCheck(request('http://bad host'), unknown, csrf)).toBe(false);
    expect(passesCsrfCheck(request('https://trusted.example'), unknown, csrf)).toBe(true);
  });
});
