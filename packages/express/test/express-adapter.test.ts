import { AuthentifyError, createAuthentify, MemorySessionStorage } from '@authentify/core';
import { createTestClock, type RunningServer } from '@authentify/core/testing/vitest';
import express, { type ErrorRequestHandler } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { rawHeader } from '../src/express-request.js';
import { createAuthentifyExpress } from '../src/index.js';
import { listen } from './conformance-app.js';

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function serve(app: express.Express): Promise<string> {
  const server = await listen(app);
  servers.push(server);
  return server.url;
}

describe('createAuthentifyExpress', () => {
  const auth = createAuthentify({ storage: new MemorySessionStorage() });

  it('validates its options once, at construction, naming the option at fault', () => {
    const optionOf = (build: () => unknown) => {
      try {
        build();
      } catch (error) {
        expect(error).toBeInstanceOf(AuthentifyError);
        return [(error as AuthentifyError).code, (error as AuthentifyError).option];
      }
      return undefined;
    };
    expect(optionOf(() => createAuthentifyExpress(auth, { basePath: 'auth' }))).toEqual(['invalid_configuration', 'basePath']);
    expect(optionOf(() => createAuthentifyExpress(auth, { csrf: { allowedOrigins: ['nope'] } }))).toEqual([
      'invalid_configuration',
      'csrf.allowedOrigins[0]',
    ]);
    expect(optionOf(() => createAuthentifyExpress(undefined as never))).toEqual(['invalid_configuration', 'auth']);
  });

  it('returns named handlers (they show in stack traces and Express’s router)', () => {
    const authentify = createAuthentifyExpress(auth);
    expect([authentify.optional.name, authentify.required.name, authentify.routes.name]).toEqual([
      'authentifyOptional',
      'authentifyRequired',
      'authentifyRoutes',
    ]);
  });

  it('uses a body express.json() already parsed, and leaves malformed JSON to body-parser’s 400', async () => {
    const authentify = createAuthentifyExpress(auth);
    const app = express();
    app.use(express.json());
    app.use(authentify.routes);
    const url = await serve(app);
    const issued = await auth.issueSession({ userId: 'parsed', transport: 'header' });
    const refreshed = await fetch(`${url}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: issued.refreshToken }),
    });
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as { session: { id: string } }).session.id).toBe(issued.session.id);
    const broken = await fetch(`${url}/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
  });

  it('answers routes mounted in a sub-router under a prefix, with basePath as the full path', async () => {
    const authentify = createAuthentifyExpress(auth, { basePath: '/api/auth' });
    const api = express.Router();
    api.use(authentify.routes);
    const app = express();
    app.use('/api', api);
    const url = await serve(app);
    const issued = await auth.issueSession({ userId: 'prefixed', transport: 'header' });
    const sessions = await fetch(`${url}/api/auth/sessions`, { headers: { authorization: `Bearer ${issued.accessToken}` } });
    expect(sessions.status).toBe(200);
    expect(authentify.paths.refresh).toBe('/api/auth/refresh');
  });

  it('keeps the application’s own Set-Cookie next to a sliding re-set', async () => {
    const clock = createTestClock();
    const sliding = createAuthentify({ storage: new MemorySessionStorage(), clock, sliding: { interval: '1m' } });
    const authentify = createAuthentifyExpress(sliding);
    const app = express();
    app.get('/page', authentify.required, (_req, res) => {
      res.cookie('theme', 'dark');
      res.send('ok');
    });
    const url = await serve(app);
    const issued = await sliding.issueSession({ userId: 'slide', transport: 'cookie' });
    clock.advance('5m');
    const response = await fetch(`${url}/page`, { headers: { cookie: `afy_access=${issued.accessToken}` } });
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    expect(cookies.some((cookie) => cookie.startsWith(`afy_access=${issued.accessToken}; Max-Age=900;`))).toBe(true);
    expect(cookies.some((cookie) => cookie.startsWith('theme=dark'))).toBe(true);
  });

  it('hands application errors to Express’s error handling', async () => {
    const failing = createAuthentify({
      storage: new MemorySessionStorage(),
      resolveUser: (): { id: string } => {
        throw new Error('users table gone');
      },
    });
    const authentify = createAuthentifyExpress(failing);
    const app = express();
    const seen: unknown[] = [];
    app.get('/me', authentify.required, (_req, res) => void res.send('never'));
    const handler: ErrorRequestHandler = (error, _req, res, _next) => {
      seen.push(error);
      res.status(500).json({ handledBy: 'app' });
    };
    app.use(handler);
    const url = await serve(app);
    const issued = await failing.issueSession({ userId: 'u', transport: 'header' });
    const response = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${issued.accessToken}` } });
    expect([response.status, await response.json()]).toEqual([500, { handledBy: 'app' }]);
    expect(seen).toEqual([expect.objectContaining({ message: 'users table gone' })]);
  });

  it('sets req.auth to null for anonymous requests on optional routes', async () => {
    const authentify = createAuthentifyExpress(auth);
    const app = express();
    app.get('/maybe', authentify.optional, (req, res) => {
      res.json({ auth: req.auth, defined: 'auth' in req });
    });
    const url = await serve(app);
    expect(await (await fetch(`${url}/maybe`)).json()).toEqual({ auth: null, defined: true });
  });
});

describe('rawHeader', () => {
  it('joins every value of a repeated header, matching names in any case, as headersDistinct would', () => {
    const raw = ['Host', 'a.example', 'Authorization', 'Bearer one', 'x-other', '1', 'AUTHORIZATION', 'Bearer two'];
    expect(rawHeader(raw, 'authorization')).toBe('Bearer one, Bearer two');
    expect(rawHeader(raw, 'Host')).toBe('a.example');
    expect(rawHeader(raw, 'cookie')).toBeUndefined();
    // A name that is a prefix or extension of another is a different header.
    expect(rawHeader(['authorizations', 'x', 'authorizatio', 'y'], 'authorization')).toBeUndefined();
    // An empty value is present, not absent.
    expect(rawHeader(['Authorization', ''], 'authorization')).toBe('');
  });
});
