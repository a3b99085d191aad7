/**
 * One HTTP server variant for the load benchmark, run in its own process:
 * `server.ts <variant> <sqlite file>`; prints `listening <port>` once ready on 127.0.0.1.
 *
 * Every variant answers `GET /me` with a small JSON body; the protected ones answer with the
 * user id they authenticated, so each does the same work but for its authentication.
 * `hono-authentify-cache` is authentify-hono with the opt-in session cache. The `raw` variants are
 * the floor under authentify over HTTP: the same SQLite lookup, hand-written (in the handler, and
 * for Hono also as a middleware setting a context variable). The `better-auth` variants
 * take better-auth's SQLite file instead: `server.ts hono-better-auth-<bearer|cookie> <its file>`.
 */
import { hash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createAuthentify } from '@authentify/core';
import { createAuthentifyExpress } from '@authentify/express';
import { createAuthentifyHono } from '@authentify/hono';
import { createKyselySessionStorage } from '@authentify/kysely';
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { jwt } from 'hono/jwt';
import { jwtVerify } from 'jose';
import { Kysely, SqliteDialect } from 'kysely';
import { JWT_SECRET } from './jwt-secret.js';

const [variant, file] = process.argv.slice(2) as [string, string];

/**
 * authentify on the SQLite file as the bench measures it in process; with `sessionCache`, the
 * opt-in cache as docs/storage.md sets it up on SQLite (exact: no staleness bound; 10,000
 * entries hold every live session of a full run).
 */
function sqliteAuthentify(options: { sessionCache: boolean } = { sessionCache: false }) {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
  return createAuthentify({
    storage: createKyselySessionStorage({ db, sqliteDatabase: database, ...(options.sessionCache ? { sessionCache: { maxEntries: 10_000 } } : {}) }),
    accessTtl: '7d',
    refreshTtl: '30d',
    lastUsedInterval: null,
  });
}

/**
 * The raw floor of a verification inside a server: the Bearer token's SHA-256, a cached
 * better-sqlite3 prepared statement on the same file, an expiry and revocation check. Returns the
 * user id, or null to refuse.
 */
function rawSqliteVerifier(): (authorization: string | undefined) => string | null {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  const lookup = database.prepare('select * from authentify_sessions where access_digest = ?');
  return (authorization) => {
    if (authorization === undefined || !authorization.startsWith('Bearer ')) return null;
    const row = lookup.get(hash('sha256', authorization.slice('Bearer '.length), 'hex')) as
      | { user_id: string; revoked_at: number | null; access_expires_at: number | null }
      | undefined;
    if (row === undefined || row.revoked_at !== null || (row.access_expires_at !== null && row.access_expires_at <= Date.now())) return null;
    return row.user_id;
  };
}

async function honoApp(): Promise<Hono> {
  if (variant === 'hono-plain') return new Hono().get('/me', (c) => c.json({ user: 'anonymous' }));
  if (variant === 'hono-authentify' || variant === 'hono-authentify-cache') {
    const authentify = createAuthentifyHono(sqliteAuthentify({ sessionCache: variant === 'hono-authentify-cache' }));
    return new Hono().get('/me', authentify.required, (c) => c.json({ user: c.var.auth.session.userId })) as unknown as Hono;
  }
  if (variant === 'hono-raw') {
    const verify = rawSqliteVerifier();
    return new Hono().get('/me', (c) => {
      const user = verify(c.req.header('authorization'));
      return user === null ? c.json({ error: 'invalid_token' }, 401) : c.json({ user });
    });
  }
  if (variant === 'hono-raw-middleware') {
    // The raw floor the way authentify-hono is used: a middleware that authenticates and sets a
    // context variable, then the handler reads it — like with like for authentify-hono.
    const verify = rawSqliteVerifier();
    const requireUser = createMiddleware<{ Variables: { user: string } }>(async (c, next) => {
      const user = verify(c.req.header('authorization'));
      if (user === null) return c.json({ error: 'invalid_token' }, 401);
      c.set('user', user);
      await next();
    });
    return new Hono().get('/me', requireUser, (c) => c.json({ user: c.var.user })) as unknown as Hono;
  }
  if (variant === 'hono-better-auth-bearer' || variant === 'hono-better-auth-cookie') {
    // better-auth's documented Hono integration: a middleware calling `auth.api.getSession` with
    // the request's headers. The two variants run the same server; the load generator sends the
    // signed token as a Bearer header (bearer plugin) or as the session cookie.
    // Imported here, not at the top: loading better-auth takes seconds, which no other variant should wait for.
    const [{ betterAuth }, { betterAuthOptions, openBetterAuthDatabase }] = await Promise.all([import('better-auth'), import('../fixtures/better-auth-sessions.js')]);
    const auth = betterAuth(betterAuthOptions(openBetterAuthDatabase(file)));
    const requireUser = createMiddleware<{ Variables: { user: string } }>(async (c, next) => {
      const session = await auth.api.getSession({ headers: c.req.raw.headers });
      if (session === null) return c.json({ error: 'invalid_token' }, 401);
      c.set('user', session.user.id);
      await next();
    });
    return new Hono().get('/me', requireUser, (c) => c.json({ user: c.var.user })) as unknown as Hono;
  }
  if (variant === 'hono-jwt') {
    return new Hono().get('/me', jwt({ secret: JWT_SECRET, alg: 'HS256' }), (c) => c.json({ user: (c.get('jwtPayload') as { sub: string }).sub }));
  }
  throw new Error(`unknown variant ${variant}`);
}

async function expressApp(): Promise<express.Express> {
  const app = express();
  app.disable('x-powered-by');
  if (variant === 'express-plain') {
    app.get('/me', (_req, res) => void res.json({ user: 'anonymous' }));
  } else if (variant === 'express-authentify') {
    const authentify = createAuthentifyExpress(sqliteAuthentify());
    app.get('/me', authentify.required, (req, res) => void res.json({ user: (req as Request & { auth: { session: { userId: string } } }).auth.session.userId }));
  } else if (variant === 'express-raw') {
    const verify = rawSqliteVerifier();
    app.get('/me', (req, res) => {
      const user = verify(req.headers.authorization);
      if (user === null) res.status(401).json({ error: 'invalid_token' });
      else res.json({ user });
    });
  } else if (variant === 'express-jwt') {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const requireJwt = async (req: Request, res: Response, next: NextFunction) => {
      const header = req.headers.authorization ?? '';
      try {
        const { payload } = await jwtVerify(header.slice('Bearer '.length), key, { algorithms: ['HS256'] });
        res.locals.user = payload.sub;
        next();
      } catch {
        res.status(401).json({ error: 'invalid_token' });
      }
    };
    app.get('/me', requireJwt, (_req, res) => void res.json({ user: res.locals.user }));
  } else {
    throw new Error(`unknown variant ${variant}`);
  }
  return app;
}

if (variant.startsWith('hono')) {
  const server = serve({ fetch: (await honoApp()).fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => console.log(`listening ${info.port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  const server = (await expressApp()).listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
