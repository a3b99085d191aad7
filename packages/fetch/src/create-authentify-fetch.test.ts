import { AuthentifyError, createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createTestClock } from '@authentify/core/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createAuthentifyFetch, type RequestAuth } from './index.js';

type Context = { device: string };
type User = { id: string };

function setup() {
  const clock = createTestClock();
  const auth = createAuthentify<Context, User>({
    storage: new MemorySessionStorage(),
    clock,
    sliding: { interval: '1m' },
    resolveUser: (id) => ({ id }),
  });
  return { auth, clock, authentify: createAuthentifyFetch(auth) };
}

describe('createAuthentifyFetch', () => {
  it('hands the handler a typed context and passes the runtime’s extra arguments through', async () => {
    const { auth, authentify } = setup();
    const handler = authentify.required((request: Request, { auth: current }, env: { NAME: string }, ctx: { id: number }) => {
      expectTypeOf(current).toEqualTypeOf<RequestAuth<Context, User>>();
      return Response.json({ user: current.user.id, device: current.session.context.device, env: env.NAME, ctx: ctx.id, url: request.url });
    });
    const issued = await auth.issueSession({ userId: 'ada', transport: 'header', context: { device: 'edge' } });
    const response = await handler(new Request('http://localhost/me', { headers: { authorization: `Bearer ${issued.accessToken}` } }), { NAME: 'prod' }, { id: 7 });
    expect(await response.json()).toEqual({ user: 'ada', device: 'edge', env: 'prod', ctx: 7, url: 'http://localhost/me' });
  });

  it('gives optional handlers auth: null when anonymous, and never runs required ones without auth', async () => {
    const { authentify } = setup();
    const maybe = authentify.optional((_request, { auth }) => {
      expectTypeOf(auth).toEqualTypeOf<RequestAuth<Context, User> | null>();
      return new Response(auth === null ? 'anonymous' : 'known');
    });
    expect(await (await maybe(new Request('http://localhost/'))).text()).toBe('anonymous');
    let ran = false;
    const secret = authentify.required(() => {
      ran = true;
      return new Response('secret');
    });
    const refused = await secret(new Request('http://localhost/'));
    expect([refused.status, refused.headers.get('www-authenticate'), ran]).toEqual([401, 'Bearer', false]);
  });

  it('adds the sliding cookie even to a response with immutable headers', async () => {
    const { auth, clock, authentify } = setup();
    const handler = authentify.required(() => Response.redirect('http://localhost/next', 302));
    const issued = await auth.issueSession({ userId: 'bo', transport: 'cookie', context: { device: 'browser' } });
    clock.advance('2m');
    const response = await handler(new Request('http://localhost/', { headers: { cookie: `afy_access=${issued.accessToken}` } }));
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie()).toEqual([`afy_access=${issued.accessToken}; Max-Age=900; Path=/; HttpOnly; SameSite=Lax`]);
  });

  it('lets errors of the handler and of hooks propagate to the runtime', async () => {
    const { auth, authentify } = setup();
    const issued = await auth.issueSession({ userId: 'cy', transport: 'header', context: { device: 'cli' } });
    const broken = authentify.required(() => {
      throw new Error('handler bug');
    });
    await expect(broken(new Request('http://localhost/', { headers: { authorization: `Bearer ${issued.accessToken}` } }))).rejects.toThrow('handler bug');
  });

  it('resolves routes to null for requests that are not its routes', async () => {
    const { authentify } = setup();
    expect(await authentify.routes(new Request('http://localhost/elsewhere', { method: 'POST' }))).toBeNull();
    expect((await authentify.routes(new Request('http://localhost/auth/logout')))?.status).toBe(405);
  });

  it('validates options and handlers when they are given', () => {
    const { auth, authentify } = setup();
    expect(() => createAuthentifyFetch(auth, { realm: '"' })).toThrow(expect.objectContaining({ code: 'invalid_configuration', option: 'realm' }));
    expect(() => authentify.required('nope' as never)).toThrow(AuthentifyError);
  });
});
