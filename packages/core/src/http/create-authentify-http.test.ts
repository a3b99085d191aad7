import { describe, expect, it } from 'vitest';
import { createAuthentify } from '../authentify.js';
import { AuthentifyError } from '../errors.js';
import { MemorySessionStorage } from '../storage/memory-storage.js';
import { createAuthentifyHttp } from './create-authentify-http.js';
import type { HttpRequest, JsonBodyReading } from './http-types.js';

/** A neutral request as an adapter would build it. */
function request(
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body: JsonBodyReading = { kind: 'empty' },
): HttpRequest {
  return { method, url, header: (name) => headers[name] ?? null, readJsonBody: async () => body };
}

describe('createAuthentifyHttp', () => {
  const auth = createAuthentify({ storage: new MemorySessionStorage(), contextSchema: undefined });
  const http = createAuthentifyHttp(auth);

  it('matches no route when the URL is unparsable (hostile Host), instead of throwing', async () => {
    expect(await http.handleRoute(request('POST', 'http://bad host/auth/logout'))).toBeNull();
  });

  it('answers a body the adapter could not read as 400 / 413', async () => {
    const invalid = await http.handleRoute(request('POST', 'http://localhost/auth/refresh', {}, { kind: 'invalid' }));
    expect([invalid?.status, JSON.parse(invalid?.body ?? '{}').error]).toEqual([400, 'invalid_body']);
    const large = await http.handleRoute(request('POST', 'http://localhost/auth/refresh', {}, { kind: 'too_large' }));
    expect([large?.status, JSON.parse(large?.body ?? '{}').error]).toEqual([413, 'body_too_large']);
  });

  it('includes the realm in challenges when configured', async () => {
    const withRealm = createAuthentifyHttp(auth, { realm: 'api' });
    const missing = await withRealm.authenticate(request('GET', 'http://localhost/me'), 'required');
    expect(missing.action === 'respond' && missing.response.headers['www-authenticate']).toBe('Bearer realm="api"');
    const malformed = await withRealm.authenticate(request('GET', 'http://localhost/me', { authorization: 'Bearer x' }), 'required');
    expect(malformed.action === 'respond' && malformed.response.headers['www-authenticate']).toBe(
      'Bearer realm="api", error="invalid_token", error_description="The token is not a well-formed token."',
    );
  });

  it('refuses a redirectTo that leaves the site or is given for a header session — before issuing anything', async () => {
    const storage = new MemorySessionStorage();
    const local = createAuthentifyHttp(createAuthentify({ storage }));
    const login = request('POST', 'http://localhost/login');
    for (const redirectTo of ['//evil.example', '/\\evil.example', 'https://evil.example', 'relative', '/a b']) {
      await expect(local.login(login, { userId: 'u', transport: 'cookie' }, { redirectTo })).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    await expect(local.login(login, { userId: 'u', transport: 'header' }, { redirectTo: '/home' })).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(storage.size).toBe(0);
  });

  it('lets the application’s own mistakes at login propagate', async () => {
    const login = request('POST', 'http://localhost/login');
    await expect(http.login(login, { userId: '', transport: 'header' })).rejects.toBeInstanceOf(AuthentifyError);
    await expect(http.login(login, { userId: 'u', transport: 'header', context: [] as never })).rejects.toMatchObject({ code: 'invalid_context' });
  });

  it('answers a body refresh of a cookie session with tokens in JSON when transport restriction is off', async () => {
    const open = createAuthentify({ storage: new MemorySessionStorage(), transportRestriction: false });
    const openHttp = createAuthentifyHttp(open);
    const issued = await open.issueSession({ userId: 'u', transport: 'cookie' });
    const response = await openHttp.handleRoute(
      request('POST', 'http://localhost/auth/refresh', {}, { kind: 'json', value: { refreshToken: issued.refreshToken } }),
    );
    expect(response?.status).toBe(200);
    expect(response?.cookies).toEqual([]);
    expect(JSON.parse(response?.body ?? '{}').accessToken).toMatch(/^afy_at_/);
  });

  it('propagates errors of resolveUser and hooks to the framework instead of answering them', async () => {
    const failingAuth = createAuthentify({
      storage: new MemorySessionStorage(),
      resolveUser: (): { id: string } => {
        throw new Error('users table gone');
      },
    });
    const failing = createAuthentifyHttp(failingAuth);
    const issued = await failingAuth.issueSession({ userId: 'u', transport: 'header' });
    const authorized = request('GET', 'http://localhost/', { authorization: `Bearer ${issued.accessToken}` });
    for (const mode of ['optional', 'required'] as const) {
      await expect(failing.authenticate(authorized, mode)).rejects.toThrow('users table gone');
    }
    await expect(failing.handleRoute(request('GET', 'http://localhost/auth/sessions', { authorization: `Bearer ${issued.accessToken}` }))).rejects.toThrow(
      'users table gone',
    );
  });
});
