import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProgram, tsxArgs } from '../../../test/support/run-program.js';
import { type LocalWorker, serveWorker } from '../src/local-workerd.js';

const CREDENTIALS = { email: 'ada@example.com', password: 'correct horse battery staple' };

/** The worker on workerd, as `pnpm start` serves it (on a free port), requested over HTTP. */
describe('the edge worker on workerd', () => {
  let worker: LocalWorker;
  const url = (path: string) => `${worker.url}${path}`;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const logIn = async (headers: Record<string, string> = {}) => {
    const response = await post('/login', CREDENTIALS, headers);
    expect(response.status).toBe(200);
    return (await response.json()) as { accessToken: string; refreshToken: string; session: { id: string } };
  };

  beforeAll(async () => {
    worker = await serveWorker({ port: 0 });
  });
  afterAll(async () => {
    await worker?.close();
  });

  it('logs in with header tokens, calls a protected route, refreshes, lists sessions and logs out', async () => {
    expect(await (await fetch(url('/'))).text()).toBe('Hello, stranger! POST /login to sign in.\n');
    const tokens = await logIn({ 'user-agent': 'ExampleApp/2.1 (iPhone)' });
    expect(await (await fetch(url('/me'), bearer(tokens.accessToken))).json()).toEqual({
      user: { id: 'u-ada', email: 'ada@example.com', name: 'Ada Lovelace' },
      session: { id: tokens.session.id, device: 'ExampleApp/2.1 (iPhone)' },
    });

    const refreshed = await post('/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { accessToken: string; session: { id: string } };
    expect(next.session.id).toBe(tokens.session.id);
    expect((await fetch(url('/me'), bearer(tokens.accessToken))).status).toBe(401);

    const listed = (await (await fetch(url('/auth/sessions'), bearer(next.accessToken))).json()) as { sessions: Array<{ id: string; current: boolean }> };
    expect(listed.sessions).toContainEqual(expect.objectContaining({ id: tokens.session.id, current: true }));

    expect((await fetch(url('/auth/logout'), { method: 'POST', ...bearer(next.accessToken) })).status).toBe(200);
    const after = await fetch(url('/me'), bearer(next.accessToken));
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  });

  it('gives all of 20 concurrent refreshes with one token the same new pair, through the Durable Object', async () => {
    const { refreshToken, session } = await logIn();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('/auth/refresh', { refreshToken })));
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    // One rotation won; the others arrived within the grace window and got its pair replayed.
    const pairs = (await Promise.all(answers.map((answer) => answer.json()))) as { accessToken: string; refreshToken: string }[];
    expect(new Set(pairs.map((pair) => `${pair.accessToken} ${pair.refreshToken}`)).size).toBe(1);
    const winner = pairs[0]!;
    expect(((await (await fetch(url('/me'), bearer(winner.accessToken))).json()) as { session: { id: string } }).session.id).toBe(session.id);
  });

  it('logs in a browser with HttpOnly cookies, refused from another origin', async () => {
    const login = await post('/login', { ...CREDENTIALS, transport: 'cookie' });
    expect(login.status).toBe(200);
    const cookies = login.headers.getSetCookie();
    expect(cookies[0]).toMatch(/^afy_access=afy_at_\w+; Max-Age=900; Path=\/; HttpOnly; SameSite=Lax$/);
    const access = cookies[0]!.split(';')[0]!;
    expect(await (await fetch(url('/'), { headers: { cookie: access } })).text()).toBe('Hello, Ada Lovelace!\n');

    const crossSite = await post('/auth/logout-all', {}, { cookie: access, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await (await fetch(url('/'), { headers: { cookie: access } })).text()).toBe('Hello, Ada Lovelace!\n');
  });

  it('refuses wrong credentials and malformed logins', async () => {
    for (const body of [{ ...CREDENTIALS, password: 'wrong' }, { ...CREDENTIALS, email: 'nobody@example.com' }]) {
      const response = await post('/login', body);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'invalid_credentials', message: 'Wrong email or password.' });
    }
    expect((await post('/login', { ...CREDENTIALS, transport: 'carrier-pigeon' })).status).toBe(400);
    expect((await fetch(url('/login'), { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await fetch(url('/nowhere'))).status).toBe(404);
  });
});

describe('pnpm start', () => {
  it('serves the worker on 127.0.0.1 and says where', async () => {
    const program = await startProgram(process.execPath, tsxArgs('src/dev-server.ts'), { cwd: join(import.meta.dirname, '..'), env: { PORT: '0' } });
    try {
      expect(program.output()).toContain('Sign in as ada@example.com / correct horse battery staple');
      expect(await (await fetch(`${program.url}/`)).text()).toBe('Hello, stranger! POST /login to sign in.\n');
    } finally {
      await program.stop();
    }
  });
});
