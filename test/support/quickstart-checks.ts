import { expect } from 'vitest';

/**
 * What docs/express.md, docs/hono.md and docs/fetch.md promise of their programs, checked over
 * HTTP against a running one: by docs/examples/quickstarts.test.ts on the programs run from the
 * sources, and by test/install on the same programs installed from the packed tarballs.
 */
export async function expectHeaderLifecycle(baseUrl: string): Promise<void> {
  const url = (path: string) => `${baseUrl}${path}`;
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  expect(await (await fetch(url('/'))).text()).toBe('Hello, stranger! POST /login to sign in.');
  expect((await post('/login', { username: 'alice', password: 'wrong' })).status).toBe(401);
  expect((await fetch(url('/me'))).status).toBe(401);

  const login = await post('/login', { username: 'alice', password: 'correct horse battery staple' }, { 'user-agent': 'curl/8' });
  expect(login.status).toBe(200);
  const tokens = (await login.json()) as { tokenType: string; accessToken: string; refreshToken: string; session: { id: string } };
  expect(tokens.tokenType).toBe('Bearer');
  expect(tokens.accessToken).toMatch(/^afy_at_/);
  expect(tokens.refreshToken).toMatch(/^afy_rt_/);

  expect(await (await fetch(url('/me'), bearer(tokens.accessToken))).json()).toEqual({ user: { id: 'u1', name: 'Alice' }, sessionId: tokens.session.id });
  expect(await (await fetch(url('/'), bearer(tokens.accessToken))).text()).toBe('Hello, Alice!');

  const refreshed = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
  expect(refreshed.status).toBe(200);
  const next = (await refreshed.json()) as { accessToken: string; session: { id: string } };
  expect(next.session.id).toBe(tokens.session.id);
  expect((await fetch(url('/me'), bearer(tokens.accessToken))).status).toBe(401);

  const listed = (await (await fetch(url('/auth/sessions'), bearer(next.accessToken))).json()) as { sessions: unknown[] };
  expect(listed.sessions).toEqual([expect.objectContaining({ id: tokens.session.id, current: true, context: { device: 'curl/8' } })]);

  expect((await fetch(url('/auth/logout'), { method: 'POST', ...bearer(next.accessToken) })).status).toBe(200);
  const after = await fetch(url('/me'), bearer(next.accessToken));
  expect(after.status).toBe(401);
  expect(after.headers.get('www-authenticate')).toContain('invalid_token');
}

/** The cookie login of the same programs: HttpOnly cookies that authenticate the next request. */
export async function expectCookieLogin(baseUrl: string): Promise<void> {
  const login = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'correct horse battery staple', transport: 'cookie' }),
  });
  expect(login.status).toBe(200);
  const cookies = login.headers.getSetCookie();
  expect(cookies).toEqual([
    expect.stringMatching(/^afy_access=afy_at_\w+; Max-Age=900; Path=\/; HttpOnly; SameSite=Lax$/),
    expect.stringMatching(/^afy_refresh=afy_rt_\w+; Max-Age=2592000; Path=\/auth\/refresh; HttpOnly; SameSite=Lax$/),
  ]);
  const access = cookies[0]!.split(';')[0]!;
  expect(await (await fetch(`${baseUrl}/`, { headers: { cookie: access } })).text()).toBe('Hello, Alice!');
}

/**
 * The refresh route's own body handling survives the program's body parser: over 16 KiB is 413
 * `body_too_large`, broken JSON or a wrong shape is 400 `invalid_body` — the JSON error codes of
 * docs/http.md, not a parser's error page.
 */
export async function expectRefreshBodyChecks(baseUrl: string): Promise<void> {
  const refresh = (body: string) =>
    fetch(`${baseUrl}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const cases: Array<[string, number, string]> = [
    [JSON.stringify({ refreshToken: `afy_rt_${'a'.repeat(20_000)}` }), 413, 'body_too_large'],
    ['{"refreshToken":', 400, 'invalid_body'],
    [JSON.stringify({ refreshToken: 42 }), 400, 'invalid_body'],
  ];
  for (const [body, status, error] of cases) {
    const response = await refresh(body);
    expect({ status: response.status, error: ((await response.json()) as { error?: string }).error }).toEqual({ status, error });
  }
}
