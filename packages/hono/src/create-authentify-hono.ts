import type { Authentify, IssueSessionInput } from '@authentify/core';
import {
  type AuthenticationMode,
  type AuthentifyHttpOptions,
  createAuthentifyHttp,
  type LoginOptions,
  type RequestAuth,
  responseFromHttp,
  withSetCookies,
  type RoutePaths,
  isRequiredOptions,
  type RequiredOptions,
  resolveSessionRequirements,
  type SessionRequirements,
} from '@authentify/core/http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { httpRequestFromHono } from './hono-request.js';

/** The Hono `Env` after `optional`: `c.var.auth` is the session and user, or `null` (anonymous). */
export type OptionalAuthEnv<Context extends object, User> = {
  Variables: { auth: RequestAuth<Context, User> | null };
};

/** The Hono `Env` after `required`: `c.var.auth` is always the session and user. */
export type RequiredAuthEnv<Context extends object, User> = {
  Variables: { auth: RequestAuth<Context, User> };
};

/** `required`: middleware itself, and `required({ freshWithin })` for a stricter one. */
export interface RequiredMiddleware<Env extends RequiredAuthEnv<object, unknown>> extends MiddlewareHandler<Env> {
  /**
   * @throws AuthentifyError `invalid_configuration` naming the option (`freshWithin`), now.
   */
  (options: RequiredOptions): MiddlewareHandler<Env>;
}

/** Authentify for a Hono application: middleware, routes and the login helper. */
export interface AuthentifyHono<SessionContext extends object, User> {
  /**
   * Middleware: sets `c.var.auth` to `{ session, user }`, or `null` — the request goes on
   * anonymous. A refused header token still answers 401 (so the client can refresh); storage
   * failure answers 503.
   */
  readonly optional: MiddlewareHandler<OptionalAuthEnv<SessionContext, User>>;
  /**
   * Middleware: sets `c.var.auth`, or answers 401 (400, 403, 503) and stops the request.
   * `required({ freshWithin: '10m' })` is the same middleware that also answers 403
   * `reauthentication_required` when the session was authenticated (logged in or
   * re-authenticated) that long ago or longer — for sensitive actions ("sudo mode").
   */
  readonly required: RequiredMiddleware<RequiredAuthEnv<SessionContext, User>>;
  /**
   * Middleware answering the ready-made routes under `basePath`; other requests pass through.
   * `app.use(authentify.routes)`.
   */
  readonly routes: MiddlewareHandler;
  /** Where the routes answer, e.g. `paths.refresh === '/auth/refresh'`. */
  readonly paths: RoutePaths;
  /**
   * Starts a session after your own credential check and returns the answer: tokens as JSON for
   * `header`, `HttpOnly` cookies for `cookie` (JSON without tokens, or a 303 to `redirectTo`).
   * Answers 403 (cross-origin cookie login), 409 (`session_limit_reached`), 503 itself.
   *
   * @throws AuthentifyError `invalid_context`, `invalid_argument` — mistakes of the caller.
   */
  login(c: Context, input: IssueSessionInput<SessionContext>, options?: LoginOptions): Promise<Response>;
}

/**
 * Creates the Hono middleware of an Authentify instance. Options are validated once, here.
 * Variables are typed through Hono's generics (`OptionalAuthEnv` / `RequiredAuthEnv`), not the
 * global `ContextVariableMap`.
 *
 * Options (all optional):
 * - `basePath` — full path of the ready-made routes. [`'/auth'`]
 * - `realm` — `realm` of the `WWW-Authenticate` challenge. [none]
 * - `csrf` — `false`, or `{ allowedOrigins }`: origins besides the request's own that may send
 *   cookie-authenticated POST/PUT/PATCH/DELETE. [`{ allowedOrigins: [] }`]
 * - `defaultReturnTo` — where a successful form post to the logout and revoke routes goes when
 *   its `return_to` is missing or not a same-origin path. [none: the JSON answer]
 * - `cookies.secure` — `'auto'` (Secure except plain http to localhost), `true`, `false`. [`'auto'`]
 * - `cookies.sameSite` — `'lax'`, `'strict'`, `'none'` (needs `secure: true`). [`'lax'`]
 * - `cookies.domain` — `Domain` attribute. [none]
 * - `cookies.path` — `Path` of the access cookie. [`'/'`]
 * - `cookies.refreshPath` — `Path` of the refresh cookie. [`${basePath}/refresh`]
 *
 * @throws AuthentifyError `invalid_configuration` naming the option at fault.
 * @example
 * ```ts
 * const authentify = createAuthentifyHono(auth);
 * const app = new Hono();
 * app.use(authentify.routes);
 * app.post('/login', async (c) => {
 *   const user = await users.check(await c.req.json());
 *   if (!user) return c.json({ error: 'bad_credentials' }, 401);
 *   return authentify.login(c, { userId: user.id, transport: 'header' });
 * });
 * app.get('/me', authentify.required, (c) => c.json({ user: c.var.auth.user }));
 * ```
 */
export function createAuthentifyHono<SessionContext extends object, User>(
  auth: Authentify<SessionContext, User>,
  options?: AuthentifyHttpOptions,
): AuthentifyHono<SessionContext, User> {
  const http = createAuthentifyHttp(auth, options);

  const authenticate = async (
    mode: AuthenticationMode,
    c: Context,
    next: Next,
    requirements: SessionRequirements | null = null,
  ): Promise<Response | void> => {
    const outcome = await http.authenticate(httpRequestFromHono(c), mode, requirements);
    if (outcome.action === 'respond') return responseFromHttp(outcome.response);
    c.set('auth', outcome.auth);
    await next();
    // After the handler, without overriding a cookie the handler set (e.g. cleared at logout).
    if (outcome.cookies.length > 0) c.res = withSetCookies(c.res, outcome.cookies);
  };

  return {
    optional: function authentifyOptional(c, next) {
      return authenticate('optional', c, next);
    },
    required: function authentifyRequired(first: Context | RequiredOptions, next?: Next) {
      if (isRequiredOptions(first)) {
        const requirements = resolveSessionRequirements(first);
        return function authentifyRequiredFresh(c: Context, innerNext: Next) {
          return authenticate('required', c, innerNext, requirements);
        };
      }
      return authenticate('required', first, next!);
    } as RequiredMiddleware<RequiredAuthEnv<SessionContext, User>>,
    routes: async function authentifyRoutes(c, next) {
      const response = await http.handleRoute(httpRequestFromHono(c));
      if (response === null) return next();
      return responseFromHttp(response);
    },
    paths: http.paths,
    async login(c, input, loginOptions) {
      return responseFromHttp(await http.login(httpRequestFromHono(c), input, loginOptions));
    },
  };
}
