import { AuthentifyError, createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createTestClock } from '@authentify/core/testing';
import { Hono } from 'hono';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createAuthentifyHono, type OptionalAuthEnv, type RequestAuth } from './index.js';

type Context = { device: string };
type User = { id: string; name: string };

function setup() {
  const clock = createTestClock();
  const auth = createAuthentify<Context, User>({
    storage: new MemorySessionStorage(),
    clock,
    sliding: { interval: '1m' },
    resolveUser: (id) => ({ id, name: `User ${id}` }),
  });
  return { auth, clock, authentify: createAuthentifyHono(auth) };
}

describe('createAuthentifyHono (app.request, no server)', () => {
  it('types c.var.auth through Hono generics: non-null after required, nullable after optional', async () => {
    const { auth, authentify } = setup();
    const app = new Hono()
      .get('/me', authentify.required, (c) => {
        expectTypeOf(c.var.auth).toEqualTypeOf<RequestAuth<Context, User>>();
        return c.json({ name: c.var.auth.user.name, device: c.var.auth.session.context.device });
      })
      .get('/maybe', authentify.optional, (c) => {
        expectTypeOf(c.var.auth).toEqualTypeOf<RequestAuth<Context, User> | null>();
        return c.json({ name: c.var.auth?.user.name ?? null });
      });
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header', context: { device: 'laptop' } });
    const me = await app.request('/me', { headers: { authorization: `Bearer ${issued.accessToken}` } });
    expect(await me.json()).toEqual({ name: 'User ada', device: 'laptop' });
    expect(await (await app.request('/maybe')).json()).toEqual({ name: null });
  });

  it('works with an app declared with the Env type, for app.use()', async () => {
    const { auth, authentify } = setup();
    const app = new Hono<OptionalAuthEnv<Context, User>>();
    app.use(authentify.optional);
    app.get('/', (c) => c.text(c.var.auth === null ? 'anonymous' : c.var.auth.user.name));
    const issued = await auth.issueSession({ userId: 'bo', transport: 'header', context: { device: 'phone' } });
    expect(await (await app.request('/')).text()).toBe('anonymous');
    expect(await (await app.request('/', { headers: { authorization: `Bearer ${issued.accessToken}` } })).text()).toBe('User bo');
  });

  it('answers 401 with the RFC 6750 challenge and JSON code, and never runs the handler', async () => {
    const { authentify } = setup();
    let ran = false;
    const app = new Hono().get('/me', authentify.required, (c) => {
      ran = true;
      return c.text('secret');
    });
    const response = await app.request('/me', { headers: { authorization: 'Bearer afy_at_bogus' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(await response.json()).toMatchObject({ error: 'malformed' });
    expect(ran).toBe(false);
  });

  it('adds the sliding cookie to any response: c.json, a raw Response, an immutable redirect', async () => {
    const { auth, clock, authentify } = setup();
    const app = new Hono()
      .get('/json', authentify.required, (c) => c.json({ ok: true }))
      .get('/raw', authentify.required, () => new Response('raw', { headers: { 'set-cookie': 'app=1' } }))
      .get('/redirect', authentify.required, () => Response.redirect('http://localhost/next', 302));
    const issued = await auth.issueSession({ userId: 'cy', transport: 'cookie', context: { device: 'browser' } });
    for (const path of ['/json', '/raw', '/redirect']) {
      clock.advance('2m');
      const response = await app.request(path, { headers: { cookie: `afy_access=${issued.accessToken}` } });
      const cookies = response.headers.getSetCookie();
      expect(cookies.filter((cookie) => cookie.startsWith(`afy_access=${issued.accessToken}; Max-Age=900;`)), path).toHaveLength(1);
      if (path === '/raw') expect(cookies).toContain('app=1');
      if (path === '/redirect') expect(response.headers.get('location')).toBe('http://localhost/next');
    }
  });

  it('lets a handler that logs the session out clear the cookie, even when sliding just renewed it', async () => {
    const { auth, clock, authentify } = setup();
    const app = new Hono().post('/sign-out', authentify.required, async (c) => {
      await auth.revokeSession(c.var.auth.session.id, { reason: 'logout' });
      c.header('set-cookie', 'afy_access=; Max-Age=0; Path=/', { append: true });
      return c.redirect('/login', 303);
    });
    const issued = await auth.issueSession({ userId: 'cy', transport: 'cookie', context: { device: 'browser' } });
    clock.advance('2m');
    const response = await app.request('/sign-out', { method: 'POST', headers: { cookie: `afy_access=${issued.accessToken}` } });
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie()).toEqual(['afy_access=; Max-Age=0; Path=/']);
  });

  it('refreshes even when earlier middleware already read the body through Hono', async () => {
    const { auth, authentify } = setup();
    const app = new Hono();
    app.use(async (c, next) => {
      if (c.req.method === 'POST') await c.req.json();
      await next();
    });
    app.use(authentify.routes);
    const issued = await auth.issueSession({ userId: 'di', transport: 'header', context: { device: 'cli' } });
    const response = await app.request('/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: issued.refreshToken }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { session: { id: string } }).session.id).toBe(issued.session.id);
  });

  it('hands application errors to app.onError', async () => {
    const failing = createAuthentify({
      storage: new MemorySessionStorage(),
      resolveUser: (): User => {
        throw new Error('users table gone');
      },
    });
    const authentify = createAuthentifyHono(failing);
    const app = new Hono();
    app.onError((error, c) => c.json({ handled: error.message }, 500));
    app.get('/me', authentify.required, (c) => c.text('never'));
    const issued = await failing.issueSession({ userId: 'u', transport: 'header' });
    const response = await app.request('/me', { headers: { authorization: `Bearer ${issued.accessToken}` } });
    expect([response.status, await response.json()]).toEqual([500, { handled: 'users table gone' }]);
  });

  it('validates options at construction and returns named handlers', () => {
    const { auth } = setup();
    expect(() => createAuthentifyHono(auth, { cookies: { sameSite: 'none' } })).toThrow(AuthentifyError);
    const authentify = createAuthentifyHono(auth);
    expect([authentify.optional.name, authentify.required.name, authentify.routes.name]).toEqual([
      'authentifyOptional',
      'authentifyRequired',
      'authentifyRoutes',
    ]);
  });
});
