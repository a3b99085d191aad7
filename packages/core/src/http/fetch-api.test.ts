import { describe, expect, it } from 'vitest';
import { httpRequestFromFetch, responseFromHttp, withSetCookies } from './fetch-api.js';

describe('fetch-API translation', () => {
  it('reads method, URL, joined duplicate headers and the JSON body of a Request', async () => {
    const headers = new Headers();
    headers.append('authorization', 'Bearer a');
    headers.append('authorization', 'Bearer b');
    const request = httpRequestFromFetch(
      new Request('http://localhost/auth/refresh', { method: 'POST', headers, body: '{"refreshToken":"x"}' }),
    );
    expect([request.method, request.url, request.header('authorization')]).toEqual([
      'POST',
      'http://localhost/auth/refresh',
      'Bearer a, Bearer b',
    ]);
    expect(await request.readJsonBody()).toEqual({ kind: 'json', value: { refreshToken: 'x' } });
  });

  it('calls a body that was already consumed invalid rather than throwing', async () => {
    const raw = new Request('http://localhost/', { method: 'POST', body: '{}' });
    await raw.text();
    expect(await httpRequestFromFetch(raw).readJsonBody()).toEqual({ kind: 'invalid' });
  });

  it('writes status, headers, every Set-Cookie and the body', async () => {
    const response = responseFromHttp({
      status: 401,
      headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
      cookies: ['a=1; Path=/', 'b=2; Path=/x'],
      body: '{"error":"missing"}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/x']);
    expect(await response.json()).toEqual({ error: 'missing' });
    expect(responseFromHttp({ status: 204, headers: {}, cookies: [], body: null }).body).toBeNull();
  });

  it('adds cookies to a response in place, or to a copy when its headers are immutable', async () => {
    const mutable = new Response('ok', { headers: { 'set-cookie': 'app=1' } });
    expect(withSetCookies(mutable, ['afy_access=x'])).toBe(mutable);
    expect(mutable.headers.getSetCookie()).toEqual(['app=1', 'afy_access=x']);

    const immutable = Response.redirect('http://localhost/next', 303);
    const copy = withSetCookies(immutable, ['afy_access=x']);
    expect(copy).not.toBe(immutable);
    expect([copy.status, copy.headers.get('location'), copy.headers.getSetCookie()]).toEqual([303, 'http://localhost/next', ['afy_access=x']]);
    expect(withSetCookies(immutable, [])).toBe(immutable);
  });

  it('never overrides a cookie the handler set: a renewal does not undo a logout that cleared it', () => {
    const loggedOut = new Response(null, { headers: { 'set-cookie': 'afy_access=; Max-Age=0; Path=/' } });
    const result = withSetCookies(loggedOut, ['afy_access=afy_at_x; Max-Age=900; Path=/', 'other=1']);
    expect(result.headers.getSetCookie()).toEqual(['afy_access=; Max-Age=0; Path=/', 'other=1']);
  });
});
