/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import { uniqueUserId } from '../fixtures.js';
import { CONFORMANCE_PATHS } from './conformance-fixture.js';
import { expectAnonymous, expectError } from './expectations.js';
import { type RawResponse, sendRaw } from './raw-http.js';
import { accessCookieHeader, bearer, type ConformanceClient } from './test-client.js';

const { optional, required } = CONFORMANCE_PATHS;

/** Neither success nor a server error: a refusal by us (400/401/403/404/405/413) or by the server. */
function expectRefusedByServerOrUs(response: RawResponse, label: string): void {
  // 0: the server closed the connection without answering, which some runtimes do for bytes
  // their HTTP parser rejects. 431/494: header too large. 501: method unknown to the server.
  expect([0, 400, 401, 403, 404, 405, 413, 431, 494, 501], `${label}: got ${response.status} ${response.body.slice(0, 200)}`).toContain(
    response.status,
  );
}

/** A small deterministic generator, so a failure reproduces. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return state / 0x1_0000_0000;
  };
}

/** Hostile bytes over real HTTP: never a 500, never access. */
export function hostileInputTests(client: () => ConformanceClient): void {
  const host = () => new URL(client().baseUrl).host;

  describe('hostile input', () => {
    it('refuses an oversized Authorization header with 400, even around a real token', async () => {
      const session = await client().loginHeader(uniqueUserId('oversized'));
      for (const authorization of [`Bearer ${'a'.repeat(8_000)}`, `Bearer ${session.accessToken}${'x'.repeat(8_000)}`]) {
        expectError(await client().request(required, { headers: { authorization } }), 400, 'invalid_request');
      }
    });

    it('survives headers beyond the server’s limits without a 5xx or access', async () => {
      const session = await client().loginHeader(uniqueUserId('huge'));
      for (const line of [
        `Authorization: Bearer ${session.accessToken}${'a'.repeat(70_000)}`,
        `Cookie: afy_access=${session.accessToken}; pad=${'b'.repeat(70_000)}`,
        `X-Padding: ${'c'.repeat(200_000)}`,
      ]) {
        const response = await sendRaw(client().baseUrl, [`GET ${required} HTTP/1.1`, `Host: ${host()}`, line]);
        expectRefusedByServerOrUs(response, line.slice(0, 20));
      }
    });

    it('refuses duplicate Authorization headers with 400 invalid_request — even two copies of a valid token', async () => {
      const session = await client().loginHeader(uniqueUserId('duplicate'));
      const other = await client().loginHeader(uniqueUserId('duplicate'));
      for (const [first, second] of [
        [session.accessToken, session.accessToken],
        [session.accessToken, other.accessToken],
        [session.accessToken, 'afy_at_garbage'],
      ]) {
        for (const path of [required, optional]) {
          const response = await sendRaw(client().baseUrl, [
            `GET ${path} HTTP/1.1`,
            `Host: ${host()}`,
            `Authorization: Bearer ${first}`,
            `Authorization: Bearer ${second}`,
          ]);
          expect({ status: response.status, error: JSON.parse(response.body || '{}').error }).toEqual({ status: 400, error: 'invalid_request' });
        }
      }
    });

    it('refuses our token behind a foreign Authorization header with 400 — the duplicate is not hidden by the first', async () => {
      const session = await client().loginHeader(uniqueUserId('duplicate-foreign'));
      for (const [first, second] of [
        ['Basic dXNlcjpwYXNz', `Bearer ${session.accessToken}`],
        ['Digest username="u", realm="r", nonce="n"', `Token ${session.accessToken}`],
        [`Bearer ${session.accessToken}`, 'Basic dXNlcjpwYXNz'],
      ]) {
        for (const path of [required, optional]) {
          const response = await sendRaw(client().baseUrl, [`GET ${path} HTTP/1.1`, `Host: ${host()}`, `Authorization: ${first}`, `Authorization: ${second}`]);
          expect({ first, path, status: response.status, error: JSON.parse(response.body || '{}').error }).toEqual({ first, path, status: 400, error: 'invalid_request' });
        }
      }
      // Two foreign headers stay foreign: left alone for other middleware, anonymous here.
      const foreign = await sendRaw(client().baseUrl, [`GET ${optional} HTTP/1.1`, `Host: ${host()}`, 'Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic b3RoZXI6cGFzcw==']);
      expect({ status: foreign.status, auth: JSON.parse(foreign.body || '{}').auth }).toEqual({ status: 200, auth: null });
    });

    it('treats broken cookie syntax as no credential or a refused one, never an error or access', async () => {
      const session = await client().loginCookie(uniqueUserId('cookie-syntax'));
      const token = session.access;
      for (const cookie of [
        'afy_access',
        'afy_access=',
        `afy_access="${token}"`,
        `afy_access="${token}`,
        `afy_access=${token}%`,
        `afy_access=%${token}`,
        `afy_access==${token}`,
        `afy_access ${token}`,
        `=${token}`,
        `;;;=;afy_access=%E0%A4%A;`,
        `afy_access=${token.slice(0, -1)}`,
        `afy_access=${encodeURIComponent('\u0000')}${token}`,
        `afy_access=${'a'.repeat(8_000)}`,
      ]) {
        const refused = await client().request(required, { headers: { cookie } });
        expect([cookie.slice(0, 40), refused.status]).toEqual([cookie.slice(0, 40), 401]);
        expectAnonymous(await client().request(optional, { headers: { cookie } }));
      }
    });

    it('refuses bytes outside ASCII in credentials, cookies and paths without a 5xx or access', async () => {
      const session = await client().loginHeader(uniqueUserId('non-ascii'));
      const cookie = await client().loginCookie(uniqueUserId('non-ascii'));
      const latin1 = (text: string) => Buffer.from(text, 'latin1');
      const cases: Array<[string, Array<string | Uint8Array>]> = [
        ['token + 0xFF', [`GET ${required} HTTP/1.1`, latin1(`Authorization: Bearer ${session.accessToken}\xff`)]],
        ['UTF-8 token', [`GET ${required} HTTP/1.1`, Buffer.from(`Authorization: Bearer afy_at_é€🙂`, 'utf8')]],
        ['0x80 in scheme', [`GET ${required} HTTP/1.1`, latin1(`Authorization: Be\x80rer ${session.accessToken}`)]],
        ['cookie + 0xFE', [`GET ${required} HTTP/1.1`, latin1(`Cookie: afy_access=${cookie.access}\xfe`)]],
        ['UTF-8 cookie name', [`GET ${required} HTTP/1.1`, Buffer.from(`Cookie: afy_accéss=${cookie.access}`, 'utf8')]],
        ['0xFF in path', [latin1(`GET /auth/sessions\xff HTTP/1.1`), `Authorization: Bearer ${session.accessToken}`]],
        ['UTF-8 in route id', [Buffer.from(`DELETE /auth/sessions/é HTTP/1.1`, 'utf8'), `Authorization: Bearer ${session.accessToken}`]],
        ['control character', [`GET ${required} HTTP/1.1`, latin1(`Authorization: Bearer ${session.accessToken}\x01`)]],
      ];
      for (const [label, [requestLine, ...lines]] of cases) {
        const response = await sendRaw(client().baseUrl, [requestLine!, `Host: ${host()}`, ...lines]);
        expectRefusedByServerOrUs(response, label);
      }
    });

    it('answers unknown and odd methods without a 500', async () => {
      for (const method of ['BREW', 'PROPFIND', 'CONNECTX', 'post', 'GE T']) {
        for (const path of ['/auth/refresh', '/auth/logout', required]) {
          const response = await sendRaw(client().baseUrl, [`${method} ${path} HTTP/1.1`, `Host: ${host()}`]);
          expect(response.status, `${method} ${path}`).not.toBe(500);
          expect(response.status, `${method} ${path}`).not.toBe(200);
        }
      }
    });

    it('refuses hostile refresh bodies with 400, never a 500', async () => {
      const refresh = (body: string | Uint8Array<ArrayBuffer>) =>
        client().request('/auth/refresh', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      for (const body of [
        new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
        `{"refreshToken":${'9'.repeat(5_000)}}`,
        '{"__proto__":{"refreshToken":"afy_rt_x"}}',
        '\u0000',
      ]) {
        const response = await refresh(body);
        expect([400, 401], String(body).slice(0, 30)).toContain(response.status);
        expect(['invalid_body', 'missing']).toContain(response.json?.error);
      }
    });

    it('never grants access to generated garbage or to one-character mutations of a real token', async () => {
      const session = await client().loginHeader(uniqueUserId('fuzz'));
      const random = generator(0xa11ce);
      const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-=;,."\' \t';
      const garbage = Array.from({ length: 60 }, () =>
        Array.from({ length: 1 + Math.floor(random() * 90) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
      );
      const token = session.accessToken;
      const mutations = Array.from({ length: 60 }, (_, index) => {
        const at = index % token.length;
        const replacement = token[at] === 'a' ? 'b' : 'a';
        return token.slice(0, at) + replacement + token.slice(at + 1);
      });
      for (const value of [...garbage.map((g) => g.trim()).filter((g) => g !== ''), ...mutations]) {
        for (const headers of [bearer(value), accessCookieHeader(value.replaceAll(';', ''))]) {
          const response = await client().request(required, { headers });
          expect([400, 401], JSON.stringify(headers)).toContain(response.status);
        }
      }
      // The generator was not vacuous: the real token still works.
      expect((await client().request(required, { headers: bearer(token) })).status).toBe(200);
    });
  });
}
