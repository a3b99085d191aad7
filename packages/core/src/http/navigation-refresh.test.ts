import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { type AuthentifyHttp, createAuthentifyHttp } from './create-authentify-http.js';
import type { HttpRequest } from './http-types.js';
import { isTopLevelNavigation } from './navigation-refresh.js';

const NAVIGATION = { accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', 'sec-fetch-site': 'none' };

function request(method: string, url: string, headers: Record<string, string> = {}): HttpRequest {
  return { method, url, header: (name) => headers[name] ?? null, readJsonBody: async () => ({ kind: 'empty' }) };
}

async function answer<Context extends object, User>(http: AuthentifyHttp<Context, User>, url: string): Promise<{ status: number; location?: string }> {
  const outcome = await http.authenticate(request('GET', url, NAVIGATION), 'required');
  if (outcome.action !== 'respond') throw new Error('expected a response');
  const { status, headers } = outcome.response;
  return headers.location === undefined ? { status } : { status, location: headers.location };
}

describe('navigation refresh', () => {
  const auth = createAuthentify({ storage: new MemorySessionStorage() });

  it('is off by default: a navigation gets the 401 like any caller', async () => {
    expect(await answer(createAuthentifyHttp(auth), 'http://localhost/devices')).toEqual({ status: 401 });
    expect((await createAuthentifyHttp(auth).handleRoute(request('GET', 'http://localhost/auth/refresh', NAVIGATION)))?.status).toBe(405);
  });

  it('never redirects the login page, the refresh route, or a page the access cookie is not sent to', async () => {
    const whole = createAuthentifyHttp(auth, { navigationRefresh: { loginPath: '/login?from=app' } });
    expect(await answer(whole, 'http://localhost/devices')).toEqual({ status: 303, location: '/auth/refresh?return_to=%2Fdevices' });
    expect(await answer(whole, 'http://localhost/login')).toEqual({ status: 401 });
    expect(await answer(whole, 'http://localhost/auth/refresh')).toEqual({ status: 401 });

    const http = createAuthentifyHttp(auth, { navigationRefresh: true, cookies: { path: '/app' } });
    expect(await answer(http, 'http://localhost/app/devices')).toEqual({ status: 303, location: '/auth/refresh?return_to=%2Fapp%2Fdevices' });
    // A refreshed access cookie would never come back to /application: redirecting would loop.
    expect(await answer(http, 'http://localhost/application')).toEqual({ status: 401 });
    expect(await answer(http, 'http://localhost/other')).toEqual({ status: 401 });
  });

  it('answers 401 from the refresh route when no loginPath is set', async () => {
    const http = createAuthentifyHttp(auth, { navigationRefresh: true });
    const response = await http.handleRoute(request('GET', 'http://localhost/auth/refresh?return_to=%2Fdevices', NAVIGATION));
    expect([response?.status, response?.headers.location, JSON.parse(response?.body ?? '{}').error]).toEqual([401, undefined, 'missing']);
  });

  it.each<[string, Record<string, string>, boolean]>([
    ['a typed URL', NAVIGATION, true],
    ['a link from another site', { ...NAVIGATION, 'sec-fetch-site': 'cross-site' }, true],
    ['an old browser', { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, true],
    ['fetch()', { accept: '*/*', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' }, false],
    ['an iframe', { ...NAVIGATION, 'sec-fetch-dest': 'iframe' }, false],
    ['an image', { accept: 'image/*', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'image' }, false],
    ['curl', { accept: '*/*' }, false],
    ['a type that merely contains text/html', { accept: 'application/text/htmlx' }, false],
  ])('recognises %s as a top-level navigation: %s', (_label, headers, expected) => {
    expect(isTopLevelNavigation(request('GET', 'http://localhost/', headers))).toBe(expected);
    expect(isTopLevelNavigation(request('POST', 'http://localhost/', headers))).toBe(false);
  });
});
