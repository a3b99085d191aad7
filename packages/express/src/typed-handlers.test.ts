import { createAuthentify, MemorySessionStorage } from '@authentify/core';
import type { RunningServer } from '@authentify/core/testing/vitest';
import express, { type ErrorRequestHandler, type Request } from 'express';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { listen } from '../test/conformance-app.js';
import { createAuthentifyExpress, type RequestAuth } from './index.js';

// Deliberately not the conformance app's types (its `Express.Request` augmentation is in scope
// here): the wrapped handlers must take their types from the instance, not from the augmentation.
type Context = { plan: 'free' | 'pro' };
type User = { id: string; email: string };

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function setup() {
  const auth = createAuthentify<Context, User>({ storage: new MemorySessionStorage(), resolveUser: (id) => ({ id, email: `${id}@example.com` }) });
  return { auth, authentify: createAuthentifyExpress(auth) };
}

async function serve(app: express.Express): Promise<string> {
  const server = await listen(app);
  servers.push(server);
  return server.url;
}

describe('typed handlers', () => {
  it('types req.auth from the instance: never null behind required(…), nullable behind optional(…)', () => {
    const { authentify } = setup();
    const app = express();
    app.get(
      '/me',
      authentify.required((req, res) => {
        expectTypeOf(req.auth).toEqualTypeOf<RequestAuth<Context, User>>();
        expectTypeOf(req.auth.user.email).toEqualTypeOf<string>();
        expectTypeOf(req.auth.session.context.plan).toEqualTypeOf<'free' | 'pro'>();
        res.json({ user: req.auth.user });
      }),
    );
    app.get(
      '/',
      authentify.optional((req, res) => {
        expectTypeOf(req.auth).toEqualTypeOf<RequestAuth<Context, User> | null>();
        res.send(req.auth === null ? 'stranger' : req.auth.user.email);
      }),
    );
    app.get(
      '/sessions/:id',
      authentify.required<{ id: string }>((req, res) => {
        expectTypeOf(req.params.id).toEqualTypeOf<string>();
        res.end();
      }),
    );
    // The rest of Express's request is still there.
    app.post(
      '/echo',
      authentify.required((req, res) => {
        expectTypeOf(req.get).toEqualTypeOf<Request['get']>();
        res.json(req.body);
      }),
    );
  });

  it('still works as plain middleware in front of handlers, as before', () => {
    const { authentify } = setup();
    const app = express();
    app.get('/me', authentify.required, (req, res) => res.json({ signedIn: req.auth !== undefined }));
    app.use(authentify.optional);
    expect(authentify.required.name).toBe('authentifyRequired');
  });

  it('runs a wrapped handler only once authenticated, and hands it the session and user', async () => {
    const { auth, authentify } = setup();
    const app = express();
    let calls = 0;
    app.get(
      '/me',
      authentify.required((req, res) => {
        calls++;
        res.json({ email: req.auth.user.email, plan: req.auth.session.context.plan });
      }),
    );
    app.get('/maybe', authentify.optional((req, res) => res.json({ auth: req.auth })));
    const url = await serve(app);
    expect((await fetch(`${url}/me`)).status).toBe(401);
    expect(calls).toBe(0);
    const { accessToken } = await auth.issueSession({ userId: 'ada', transport: 'header', context: { plan: 'pro' } });
    const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(await me.json()).toEqual({ email: 'ada@example.com', plan: 'pro' });
    expect(await (await fetch(`${url}/maybe`)).json()).toEqual({ auth: null });
  });

  it('sends a wrapped handler’s throw or rejection to the error middleware', async () => {
    const { auth, authentify } = setup();
    const app = express();
    app.get('/throws', authentify.optional(() => {
      throw new Error('sync failure');
    }));
    app.get('/rejects', authentify.optional(async () => {
      throw new Error('async failure');
    }));
    const onError: ErrorRequestHandler = (error: Error, _req, res, _next) => {
      res.status(500).json({ caught: error.message });
    };
    app.use(onError);
    const url = await serve(app);
    expect(await (await fetch(`${url}/throws`)).json()).toEqual({ caught: 'sync failure' });
    expect(await (await fetch(`${url}/rejects`)).json()).toEqual({ caught: 'async failure' });
    expect(auth).toBeDefined();
  });
});
