import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { createAuthentifyHttp } from './create-authentify-http.js';
import type { HttpRequest } from './http-types.js';
import { parseRequestTarget } from './request-target.js';
import { isFormPost, sameOriginLocation } from './return-to.js';

const target = parseRequestTarget('http://app.example:8080/auth/logout');

describe('sameOriginLocation', () => {
  it.each([
    ['/login', '/login'],
    ['/devices?notice=revoked&count=2', '/devices?notice=revoked&count=2'],
    ['/devices#top', '/devices#top'],
    ['/a/../b', '/b'],
    ['/café', '/caf%C3%A9'],
    ['/a\\b', '/a/b'],
  ])('follows the same-origin path %j as %j', (value, location) => {
    expect(sameOriginLocation(value, target)).toBe(location);
  });

  it.each([
    'https://evil.example/',
    'http://app.example:8080/login',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/..//evil.example',
    '/./\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/x\r\nset-cookie: a=b',
    ' /login',
    '/log in',
    'login',
    'javascript:alert(1)',
    '',
    `/${'a'.repeat(3000)}`,
    null,
    undefined,
    42,
  ])('refuses %j', (value) => {
    expect(sameOriginLocation(value, target)).toBeNull();
  });

  it('refuses everything when the request’s own origin is unknown (a hostile Host)', () => {
    expect(sameOriginLocation('/login', parseRequestTarget('http://bad host/auth/logout'))).toBeNull();
  });
});

describe('isFormPost', () => {
  const post = (contentType: string | null, method = 'POST'): HttpRequest => ({
    method,
    url: 'http://app.example/auth/logout',
    header: (name) => (name === 'content-type' ? contentType : null),
    readJsonBody: async () => ({ kind: 'empty' }),
  });

  it.each(['application/x-www-form-urlencoded', 'Application/X-WWW-Form-Urlencoded; charset=UTF-8', 'multipart/form-data; boundary=x'])(
    'recognises %j',
    (type) => {
      expect(isFormPost(post(type))).toBe(true);
    },
  );

  it.each([null, 'application/json', 'text/plain', 'application/x-www-form-urlencodedx', 'multipart/mixed'])('does not take %j for a form', (type) => {
    expect(isFormPost(post(type))).toBe(false);
  });

  it('only counts POST', () => {
    expect(isFormPost(post('application/x-www-form-urlencoded', 'DELETE'))).toBe(false);
  });
});

describe('defaultReturnTo', () => {
  it('sends a form post without a usable return_to there, and JSON callers still get JSON', async () => {
    const auth = createAuthentify({ storage: new MemorySessionStorage() });
    const http = createAuthentifyHttp(auth, { defaultReturnTo: '/signed-out' });
    const logout = async (query: string, contentType: string) => {
      const { accessToken } = await auth.issueSession({ userId: 'u', transport: 'cookie' });
      return http.handleRoute({
        method: 'POST',
        url: `http://app.example/auth/logout${query}`,
        header: (name) => ({ cookie: `afy_access=${accessToken}`, 'content-type': contentType, origin: 'http://app.example' })[name] ?? null,
        readJsonBody: async () => ({ kind: 'empty' }),
      });
    };
    for (const query of ['', '?return_to=%2F%2Fevil.example', '?return_to=https%3A%2F%2Fevil.example']) {
      const answer = await logout(query, 'application/x-www-form-urlencoded');
      expect({ status: answer?.status, location: answer?.headers.location }).toEqual({ status: 303, location: '/signed-out' });
    }
    const chosen = await logout('?return_to=%2Fbye', 'application/x-www-form-urlencoded');
    expect(chosen?.headers.location).toBe('/bye');
    const json = await logout('?return_to=%2Fbye', 'application/json');
    expect({ status: json?.status, location: json?.headers.location }).toEqual({ status: 200, location: undefined });
  });
});
