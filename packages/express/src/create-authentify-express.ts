import type { Authentify, IssueSessionInput } from '@authentify/core';
import {
  type AuthenticationMode,
  type AuthentifyHttpOptions,
  createAuthentifyHttp,
  type LoginOptions,
  type RequestAuth,
  type RoutePaths,
  isRequiredOptions,
  type RequiredOptions,
  resolveSessionRequirements,
  type SessionRequirements,
} from '@authentify/core/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { httpRequestFromExpress } from './express-request.js';
import {
  type AuthHandler,
  type AuthMiddleware,
  isHandler,
  type OptionalAuth,
  type RequiredAuth,
  type RequiredMiddleware,
} from './typed-handlers.js';
import { appendCookies, sendHttpResponse } from './send-response.js';

/** Authentify for an Express 5 application: middleware, routes and the login helper. */
export interface AuthentifyExpress<Context extends object, User> {
  /**
   * Authenticates the request if it carries a credential: `req.auth` is `{ session, user }`, or
   * `null` — the request goes on anonymous. A header token that is refused still answers 401 (so
   * the client can refresh); storage failure answers 503.
   *
   * Two forms: wrap a handler — `authentify.optional((req, res) => …)`, where `req.auth` is typed
   * `RequestAuth<Context, User> | null` from this instance — or mount it as middleware before
   * your handlers (`app.get('/', authentify.optional, handler)`), where `req.auth` is typed only
   * by an `Express.Request` augmentation of your own.
   */
  readonly optional: AuthMiddleware<OptionalAuth<Context, User>>;
  /**
   * Authenticates the request or answers 401 (400, 403, 503) and stops it. Wrapping a handler —
   * `authentify.required((req, res) => …)` — types `req.auth` as `RequestAuth<Context, User>`,
   * never `null`; as plain middleware it sets the same value on `req.auth`.
   * `authentify.required({ freshWithin: '10m' })` is the same in both forms, and also answers 403
   * `reauthentication_required` when the session was authenticated (logged in or
   * re-authenticated) that long ago or longer — for sensitive actions ("sudo mode").
   */
  readonly required: RequiredMiddleware<RequiredAuth<Context, User>>;
  /**
   * Middleware answering the ready-made routes under `basePath` (refresh, logout, logout-all,
   * logout-others, sessions, revoke); other requests pass through. Mount it at the root and
   * before any body parser (`express.json()` would replace the refresh route's own 16 KiB cap
   * and `invalid_body` answers): `app.use(routes)`.
   */
  readonly routes: RequestHandler;
  /** Where the routes answer, e.g. `paths.refresh === '/auth/refresh'`. */
  readonly paths: RoutePaths;
  /**
   * Starts a session after your own credential check and sends the answer: tokens as JSON for
   * `header`, `HttpOnly` cookies for `cookie` (JSON without tokens, or a 303 to `redirectTo`).
   * Answers 403 (cross-origin cookie login), 409 (`session_limit_reached`), 503 itself.
   *
   * @throws AuthentifyError `invalid_context`, `invalid_argument` — mistakes of the caller.
   */
  login(req: Request, res: Response, input: IssueSessionInput<Context>, options?: LoginOptions): Promise<void>;
}

/**
 * Creates the Express middleware of an Authentify instance. Options are validated once, here.
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
 * `req.auth` is typed from `auth` in handlers wrapped by `optional(…)` / `required(…)`. Used as
 * plain middleware (`app.get(path, authentify.required, handler)`), they set the same value, typed
 * only by an `Express.Request` augmentation of your own.
 *
 * @throws AuthentifyError `invalid_configuration` naming the option at fault.
 * @example
 * ```ts
 * const authentify = createAuthentifyExpress(auth);
 * app.use(authentify.routes);
 * app.post('/login', express.json(), async (req, res) => {
 *   const user = await users.check(req.body.email, req.body.password);
 *   if (!user) return res.status(401).json({ error: 'bad_credentials' });
 *   await authentify.login(req, res, { userId: user.id, transport: 'cookie' });
 * });
 * app.get('/me', authentify.required((req, res) => res.json({ user: req.auth.user })));
 * ```
 */
export function createAuthentifyExpress<Context extends object, User>(
  auth: Authentify<Context, User>,
  options?: AuthentifyHttpOptions,
): AuthentifyExpress<Context, User> {
  const http = createAuthentifyHttp(auth, options);

  const authenticate = async (
    mode: AuthenticationMode,
    req: Request,
    res: Response,
    next: NextFunction,
    requirements: SessionRequirements | null = null,
  ) => {
    try {
      const outcome = await http.authenticate(httpRequestFromExpress(req), mode, requirements);
      if (outcome.action === 'respond') return sendHttpResponse(res, outcome.response);
      // Through `unknown`: the application's own `Express.Request` augmentation types `auth`.
      (req as unknown as { auth: RequestAuth<Context, User> | null }).auth = outcome.auth;
      appendCookies(res, outcome.cookies);
      next();
    } catch (error) {
      next(error);
    }
  };

  /** `handler` behind authentication: it runs only when the middleware lets the request go on. */
  const behind = <Auth>(mode: AuthenticationMode, handler: AuthHandler<Auth>, requirements: SessionRequirements | null = null): RequestHandler =>
    function authentifiedHandler(req, res, next) {
      return authenticate(mode, req, res, (error?: unknown) => {
        if (error !== undefined) return next(error);
        // As Express 5 does for its own handlers: a throw or a rejection reaches the error middleware.
        Promise.resolve()
          .then(() => handler(req as unknown as Parameters<AuthHandler<Auth>>[0], res, next))
          .catch(next);
      }, requirements);
    };

  // Each is middleware when Express calls it (`req` first) and a handler wrapper when the
  // application does (a function first).
  const optional = function authentifyOptional(first: Request | AuthHandler<OptionalAuth<Context, User>>, res: Response, next: NextFunction) {
    return isHandler(first) ? behind('optional', first) : authenticate('optional', first, res, next);
  };
  const requiredWith = (requirements: SessionRequirements | null) =>
    function authentifyRequired(first: Request | AuthHandler<RequiredAuth<Context, User>>, res: Response, next: NextFunction) {
      return isHandler(first) ? behind('required', first, requirements) : authenticate('required', first, res, next, requirements);
    };
  const plainRequired = requiredWith(null);
  // A third form: `required({ freshWithin })`, a plain object (Express's `req` never is one).
  const required = function authentifyRequired(first: Request | AuthHandler<RequiredAuth<Context, User>> | RequiredOptions, res: Response, next: NextFunction) {
    if (isRequiredOptions(first)) return requiredWith(resolveSessionRequirements(first));
    return plainRequired(first as Request | AuthHandler<RequiredAuth<Context, User>>, res, next);
  };

  return {
    optional: optional as AuthMiddleware<OptionalAuth<Context, User>>,
    required: required as RequiredMiddleware<RequiredAuth<Context, User>>,
    routes: async function authentifyRoutes(req, res, next) {
      try {
        const response = await http.handleRoute(httpRequestFromExpress(req));
        if (response === null) return next();
        sendHttpResponse(res, response);
      } catch (error) {
        next(error);
      }
    },
    paths: http.paths,
    async login(req, res, input, loginOptions) {
      sendHttpResponse(res, await http.login(httpRequestFromExpress(req), input, loginOptions));
    },
  };
}
