import type { Authentify, IssueSessionInput } from '@authentify/core';
import {
  type AuthenticationMode,
  type AuthentifyHttpOptions,
  createAuthentifyHttp,
  type LoginOptions,
  type RequestAuth,
  type RoutePaths,
} from '@authentify/core/http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { httpRequestFromExpress } from './express-request.js';
import { appendCookies, sendHttpResponse } from './send-response.js';

/** Authentify for an Express 5 application: middleware, routes and the login helper. */
export interface AuthentifyExpress<Context extends object, User> {
  /**
   * Middleware: authenticates the request if it carries a credential and sets `req.auth` to
   * `{ session, user }`, or to `null` — the request goes on anonymous. A header token that is
   * refused still answers 401 (so the client can refresh); storage failure answers 503.
   */
  readonly optional: RequestHandler;
  /** Middleware: sets `req.auth`, or answers 401 (400, 403, 503) and stops the request. */
  readonly required: RequestHandler;
  /**
   * Middleware answering the ready-made routes under `basePath` (refresh, logout, logout-all,
   * logout-others, sessions); other requests pass through. Mount it at the root: `app.use(routes)`.
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
 * - `cookies.secure` — `'auto'` (Secure except plain http to localhost), `true`, `false`. [`'auto'`]
 * - `cookies.sameSite` — `'lax'`, `'strict'`, `'none'` (needs `secure: true`). [`'lax'`]
 * - `cookies.domain` — `Domain` attribute. [none]
 * - `cookies.path` — `Path` of the access cookie. [`'/'`]
 * - `cookies.refreshPath` — `Path` of the refresh cookie. [`${basePath}/refresh`]
 *
 * `req.auth` is typed once you add the augmentation (see the docs):
 * `declare global { namespace Express { interface Request { auth?: RequestAuth<Ctx, User> | null } } }`.
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
 * app.get('/me', authentify.required, (req, res) => res.json({ user: req.auth?.user }));
 * ```
 */
export function createAuthentifyExpress<Context extends object, User>(
  auth: Authentify<Context, User>,
  options?: AuthentifyHttpOptions,
): AuthentifyExpress<Context, User> {
  const http = createAuthentifyHttp(auth, options);

  const authenticate = async (mode: AuthenticationMode, req: Request, res: Response, next: NextFunction) => {
    try {
      const outcome = await http.authenticate(httpRequestFromExpress(req), mode);
      if (outcome.action === 'respond') return sendHttpResponse(res, outcome.response);
      // Through `unknown`: the application's own `Express.Request` augmentation types `auth`.
      (req as unknown as { auth: RequestAuth<Context, User> | null }).auth = outcome.auth;
      appendCookies(res, outcome.cookies);
      next();
    } catch (error) {
      next(error);
    }
  };

  return {
    optional: function authentifyOptional(req, res, next) {
      return authenticate('optional', req, res, next);
    },
    required: function authentifyRequired(req, res, next) {
      return authenticate('required', req, res, next);
    },
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
