import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { AuthentifyError } from '../errors.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { createAuthentifyHttp } from './create-authentify-http.js';

const auth = createAuthentify({ storage: new MemorySessionStorage() });

/** Calls `build` and returns the option named by the invalid_configuration error it throws. */
function optionAtFault(build: () => unknown): string | undefined {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthentifyError);
    expect((error as AuthentifyError).code).toBe('invalid_configuration');
    expect((error as AuthentifyError).message).toContain(`\`${(error as AuthentifyError).option}\``);
    return (error as AuthentifyError).option;
  }
  return undefined;
}

describe('HTTP options', () => {
  it('turns on the API key routes with the scopes users may grant, and refuses anything else naming the option', () => {
    expect(createAuthentifyHttp(auth, { apiKeys: { scopes: ['repo:read'] } }).settings.apiKeys).toEqual({ scopes: ['repo:read'] });
    for (const [apiKeys, option] of [
      [true, 'apiKeys'],
      [{}, 'apiKeys.scopes'],
      [{ scopes: [] }, 'apiKeys.scopes'],
      [{ scopes: ['two words'] }, 'apiKeys.scopes'],
      [{ scopes: ['a'], max: 3 }, 'apiKeys.max'],
    ] as const) {
      expect(() => createAuthentifyHttp(auth, { apiKeys } as never), JSON.stringify(apiKeys)).toThrow(expect.objectContaining({ code: 'invalid_configuration', option }));
    }
  });

  it('fills in safe defaults', () => {
    const { settings, paths } = createAuthentifyHttp(auth);
    expect(settings).toEqual({
      basePath: '/auth',
      realm: null,
      csrf: { allowedOrigins: [] },
      defaultReturnTo: null,
      navigationRefresh: null,
      apiKeys: null,
      cookies: {
        names: { access: 'afy_access', refresh: 'afy_refresh' },
        secure: 'auto',
        sameSite: 'lax',
        domain: null,
        path: '/',
        refreshPath: '/auth/refresh',
        refreshSlides: false,
      },
      scheme: 'Bearer',
    });
    expect(paths).toEqual({
      refresh: '/auth/refresh',
      logout: '/auth/logout',
      logoutAll: '/auth/logout-all',
      logoutOthers: '/auth/logout-others',
      listSessions: '/auth/sessions',
      revokeSession: '/auth/sessions/:id',
      revokeSessionForm: '/auth/sessions/:id/revoke',
      apiKeys: '/auth/api-keys',
      apiKey: '/auth/api-keys/:id',
      rollApiKey: '/auth/api-keys/:id/roll',
    });
  });

  it('derives the refresh cookie path from basePath and normalises allowed origins', () => {
    const { settings } = createAuthentifyHttp(auth, {
      basePath: '/api/v1/session',
      csrf: { allowedOrigins: ['https://App.Example', 'http://localhost:5173/', 'https://a.example:443'] },
    });
    expect(settings.cookies.refreshPath).toBe('/api/v1/session/refresh');
    expect(settings.csrf).toEqual({ allowedOrigins: ['https://app.example', 'http://localhost:5173', 'https://a.example'] });
    expect(createAuthentifyHttp(auth, { basePath: '' }).paths.refresh).toBe('/refresh');
    expect(createAuthentifyHttp(auth, { csrf: false }).settings.csrf).toBeNull();
  });

  it('names the scheme after the configured prefixes', () => {
    const tokenOnly = createAuthentify({ storage: new MemorySessionStorage(), headerPrefixes: ['Token'] });
    expect(createAuthentifyHttp(tokenOnly).settings.scheme).toBe('Token');
  });

  it.each<[string, () => unknown]>([
    ['auth', () => createAuthentifyHttp({} as never)],
    ['auth', () => createAuthentifyHttp(null as never)],
    ['options', () => createAuthentifyHttp(auth, 'x' as never)],
    ['basePth', () => createAuthentifyHttp(auth, { basePth: '/x' } as never)],
    ['basePath', () => createAuthentifyHttp(auth, { basePath: 'auth' })],
    ['basePath', () => createAuthentifyHttp(auth, { basePath: '/auth/' })],
    ['basePath', () => createAuthentifyHttp(auth, { basePath: '/a b' })],
    ['realm', () => createAuthentifyHttp(auth, { realm: 'say "hi"' })],
    ['csrf', () => createAuthentifyHttp(auth, { csrf: true as never })],
    ['csrf.allowedOrigin', () => createAuthentifyHttp(auth, { csrf: { allowedOrigin: [] } as never })],
    ['csrf.allowedOrigins', () => createAuthentifyHttp(auth, { csrf: { allowedOrigins: 'https://a.example' as never } })],
    ['csrf.allowedOrigins[1]', () => createAuthentifyHttp(auth, { csrf: { allowedOrigins: ['https://a.example', 'https://b.example/path'] } })],
    ['csrf.allowedOrigins[0]', () => createAuthentifyHttp(auth, { csrf: { allowedOrigins: ['*.example.com'] } })],
    ['csrf.allowedOrigins[0]', () => createAuthentifyHttp(auth, { csrf: { allowedOrigins: ['ftp://a.example'] } })],
    ['defaultReturnTo', () => createAuthentifyHttp(auth, { defaultReturnTo: 'https://evil.example/' })],
    ['defaultReturnTo', () => createAuthentifyHttp(auth, { defaultReturnTo: '//evil.example' })],
    ['defaultReturnTo', () => createAuthentifyHttp(auth, { defaultReturnTo: '/\\evil.example' })],
    ['defaultReturnTo', () => createAuthentifyHttp(auth, { defaultReturnTo: 'login' })],
    ['defaultReturnTo', () => createAuthentifyHttp(auth, { defaultReturnTo: '/a\nb' })],
    ['navigationRefresh', () => createAuthentifyHttp(auth, { navigationRefresh: 'on' as never })],
    ['navigationRefresh.loginPage', () => createAuthentifyHttp(auth, { navigationRefresh: { loginPage: '/login' } as never })],
    ['navigationRefresh.loginPath', () => createAuthentifyHttp(auth, { navigationRefresh: { loginPath: 'https://evil.example/login' } })],
    ['navigationRefresh.loginPath', () => createAuthentifyHttp(auth, { navigationRefresh: { loginPath: '//evil.example' } })],
    ['navigationRefresh.loginPath', () => createAuthentifyHttp(auth, { navigationRefresh: { loginPath: '/login#top' } })],
    ['navigationRefresh', () => createAuthentifyHttp(auth, { navigationRefresh: true, cookies: { refreshPath: '/elsewhere' } })],
    ['cookies', () => createAuthentifyHttp(auth, { cookies: [] as never })],
    ['cookies.httpOnly', () => createAuthentifyHttp(auth, { cookies: { httpOnly: false } as never })],
    ['cookies.secure', () => createAuthentifyHttp(auth, { cookies: { secure: 'yes' as never } })],
    ['cookies.sameSite', () => createAuthentifyHttp(auth, { cookies: { sameSite: 'Lax' as never } })],
    ['cookies.sameSite', () => createAuthentifyHttp(auth, { cookies: { sameSite: 'none' } })],
    ['cookies.domain', () => createAuthentifyHttp(auth, { cookies: { domain: 'exa mple.com' } })],
    ['cookies.path', () => createAuthentifyHttp(auth, { cookies: { path: 'relative' } })],
    ['cookies.refreshPath', () => createAuthentifyHttp(auth, { cookies: { refreshPath: '/a;b' } })],
  ])('refuses a wrong %s at construction, naming it', (option, build) => {
    expect(optionAtFault(build)).toBe(option);
  });

  it('turns on navigation refresh with or without a login page', () => {
    expect(createAuthentifyHttp(auth, { navigationRefresh: true }).settings.navigationRefresh).toEqual({ loginPath: null });
    expect(createAuthentifyHttp(auth, { navigationRefresh: { loginPath: '/login?from=refresh' } }).settings.navigationRefresh).toEqual({
      loginPath: '/login?from=refresh',
    });
    expect(createAuthentifyHttp(auth, { navigationRefresh: false }).settings.navigationRefresh).toBeNull();
    // A refresh cookie at a parent path of the route is still sent to it.
    expect(createAuthentifyHttp(auth, { navigationRefresh: true, cookies: { refreshPath: '/auth' } }).settings.cookies.refreshPath).toBe('/auth');
  });

  it('enforces the rules of __Host- and __Secure- cookie names', () => {
    const hostNames = createAuthentify({
      storage: new MemorySessionStorage(),
      cookieNames: { access: '__Host-session', refresh: '__Secure-refresh' },
    });
    expect(optionAtFault(() => createAuthentifyHttp(hostNames))).toBe('cookies.secure');
    expect(optionAtFault(() => createAuthentifyHttp(hostNames, { cookies: { secure: true, path: '/app' } }))).toBe('cookies.path');
    expect(createAuthentifyHttp(hostNames, { cookies: { secure: true } }).settings.cookies.secure).toBe(true);
    const hostRefresh = createAuthentify({ storage: new MemorySessionStorage(), cookieNames: { refresh: '__Host-refresh' } });
    expect(optionAtFault(() => createAuthentifyHttp(hostRefresh, { cookies: { secure: true } }))).toBe('cookies.refreshPath');
  });
});
