import { describe, expect, it } from 'vitest';
import { readAccessCredential, readCookie } from './read-credential.js';
import type { RequestView } from './request-view.js';

const settings = { headerPrefixes: ['bearer', 'token'], cookieNames: { access: 'afy_access' } };
const request = (headers: Record<string, string>): RequestView => ({ header: (name) => headers[name] ?? null });

describe('readAccessCredential', () => {
  it('prefers our Authorization header over the cookie', () => {
    expect(readAccessCredential(request({ authorization: 'Bearer h', cookie: 'afy_access=c' }), settings)).toEqual({
      kind: 'credential',
      credential: { transport: 'header', token: 'h' },
    });
  });

  it('falls back to the access cookie when the header is absent or foreign', () => {
    for (const authorization of [undefined, 'Basic dXNlcjpwYXNz']) {
      const headers: Record<string, string> = { cookie: 'theme=dark; afy_access=c; other=1' };
      if (authorization !== undefined) headers.authorization = authorization;
      expect(readAccessCredential(request(headers), settings)).toEqual({
        kind: 'credential',
        credential: { transport: 'cookie', token: 'c' },
      });
    }
  });

  it('reports none when there is nothing of ours', () => {
    expect(readAccessCredential(request({}), settings)).toEqual({ kind: 'none' });
    expect(readAccessCredential(request({ authorization: 'Basic x', cookie: 'theme=dark' }), settings)).toEqual({ kind: 'none' });
    expect(readAccessCredential(request({ cookie: 'afy_access=' }), settings)).toEqual({ kind: 'none' });
  });

  it('reports a broken header of ours as an invalid request rather than falling back to a cookie', () => {
    expect(readAccessCredential(request({ authorization: 'Bearer a, Bearer b', cookie: 'afy_access=c' }), settings)).toEqual({
      kind: 'invalid_request',
      transport: 'header',
    });
  });
});

describe('readCookie', () => {
  it.each([
    ['afy_access=abc', 'abc'],
    ['a=1;afy_access=abc', 'abc'],
    // cookie 1.x keeps quotes: the quoted value then fails the token format check, as it should.
    ['afy_access="abc"', '"abc"'],
    ['afy_access=first; afy_access=second', 'first'],
    ['xafy_access=wrong', undefined],
    ['afy_access', undefined],
    ['=;;;afy_access=abc;;', 'abc'],
    ['afy_access=%E0%A4%A', '%E0%A4%A'],
    [`afy_access=${'x'.repeat(20_000)}`, undefined],
  ])('reads cookie header #%# without throwing', (cookie, expected) => {
    expect(readCookie(request({ cookie }), 'afy_access')).toBe(expected);
  });
});
