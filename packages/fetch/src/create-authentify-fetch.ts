import { type Authentify, AuthentifyError, type IssueSessionInput } from '@authentify/core';
import {
  type AuthenticationMode,
  type AuthentifyHttpOptions,
  createAuthentifyHttp,
  httpRequestFromFetch,
  type LoginOptions,
  type RequestAuth,
  responseFromHttp,
  type RoutePaths,
  withSetCookies,
  isRequiredOptions,
  type RequiredOptions,
  resolveSessionRequirements,
  type SessionRequirements,
} from '@authentify/core/http';

/** What an `optional` handler receives besides the request: `auth` is `null` when anonymous. */
export interface OptionalAuthContext<Context extends object, User> {
  readonly auth: RequestAuth<Context, User> | null;
}

/** What a `required` handler receives besides the request: the session and user. */
export interface RequiredAuthContext<Context extends object, User> {
  readonly auth: RequestAuth<Context, User>;
}

/**
 * A fetch handler that also gets an auth context. `Args` are whatever the runtime passes after
 * the request (a worker's `env` and `ctx`, Deno's `info`…), handed through untouched.
 */
export type AuthHandler<AuthContext, Args extends unknown[]> = (
  request: Request,
  context: AuthContext,
  ...args: Args
) => Response | Promise<Response>;

/** Authentify for fetch-API runtimes: handler wrappers, routes and the login helper. */
export interface AuthentifyFetch<Context extends object, User> {
  /**
   * Wraps a handler: it runs with `{ auth }` set to the session and user, or `null` (anonymous).
   * A refused header token still answers 401 (so the client can refresh); storage failure 503.
   * A sliding extension of a cookie session adds the re-set cookie to the handler's response.
   *
   * @throws AuthentifyError `invalid_argument` when `handler` is not a function.
   */
  optional<Args extends unknown[] = []>(
    handler: AuthHandler<OptionalAuthContext<Context, User>, Args>,
  ): (request: Request, ...args: Args) => Promise<Response>;
  /**
   * Wraps a handler that runs only for authenticated requests; others get 401 (400, 403, 503).
   *
   * @throws AuthentifyError `invalid_argument` when `handler` is not a function.
   */
  required<Args extends unknown[] = []>(
    handler: AuthHandler<RequiredAuthContext<Context, User>, Args>,
  ): (request: Request, ...args: Args) => Promise<Response>;
  /**
   * `required({ freshWithin: '10m' })(handler)`: as `required(handler)`, and also answers 403
   * `reauthentication_required` when the session was authenticated (logged in or
   * re-authenticated) that long ago or longer — for sensitive actions ("sudo mode").
   *
   * @throws AuthentifyError `invalid_configuration` naming the option (`freshWithin`), now.
   */
  required(
    options: RequiredOptions,
  ): <Args extends unknown[] = []>(
    handler: AuthHandler<RequiredAuthContext<Context, User>, Args>,
  ) => (request: Request, ...args: Args) => Promise<Response>;
  /**
   * Answers a request to one of the ready-made routes under `basePath`, or resolves to `null`
   * when the request is not for one of them. Pass what the runtime handed your handler besides
   * the request (Deno's `info`, Bun's `server`) as `runtime`, so hooks and the sessions' last
   * IP see the client's address.
   */
  routes(request: Request, runtime?: unknown): Promise<Response | null>;
  /** Where the routes answer, e.g. `paths.refresh === '/auth/refresh'`. */
  readonly paths: RoutePaths;
  /**
   * Starts a session after your own credential check and returns the answer: tokens as JSON for
   * `header`, `HttpOnly` cookies for `cookie` (JSON without tokens, or a 303 to `redirectTo`).
   * Answers 403 (cross-origin cookie login), 409 (`session_limit_reached`), 503 itself.
   *
   * @throws AuthentifyError `invalid_context`, `invalid_argument` — mistakes of the caller.
   */
  login(request: Request, input: IssueSessionInput<Context>, options?: LoginOptions, runtime?: unknown): Promise<Response>;
}

/**
 * Creates the fetch-API wrappers of an Authentify instance, for Bun, Deno, Cloudflare Workers,
 * Node fetch servers and anything else with `Request` and `Response`. Options are validated
 * once, here. Errors thrown by your handler (or a hook) propagate to the runtime untouched.
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
 * const authentify = createAuthentifyFetch(auth);
 * const me = authentify.required((request, { auth }) => Response.json({ user: auth.user }));
 *
 * export default {
 *   async fetch(request: Request): Promise<Response> {
 *     const routed = await authentify.routes(request);
 *     if (routed !== null) return routed;
 *     if (new URL(request.url).pathname === '/me') return me(request);
 *     return new Response('Not found', { status: 404 });
 *   },
 * };
 * ```
 */
export function createAuthentifyFetch<Context extends object, User>(
  auth: Authentify<Context, User>,
  options?: AuthentifyHttpOptions,
): AuthentifyFetch<Context, User> {
  const http = createAuthentifyHttp(auth, options);

  const wrap = <AuthContext, Args extends unknown[]>(
    mode: AuthenticationMode,
    handler: AuthHandler<AuthContext, Args>,
    requirements: SessionRequirements | null = null,
  ) => {
    if (typeof handler !== 'function') {
      throw new AuthentifyError('invalid_argument', `authentify.${mode}() expects a handler function (request, context) => Response.`);
    }
    return async (request: Request, ...args: Args): Promise<Response> => {
      // The runtime's first argument after the request is where Deno and Bun tell the peer address.
      const outcome = await http.authenticate(httpRequestFromFetch(request, args[0]), mode, requirements);
      if (outcome.action === 'respond') return responseFromHttp(outcome.response);
      // In `required` mode the outcome is 'respond' unless auth is set, so both context types hold.
      const response = await handler(request, { auth: outcome.auth } as AuthContext, ...args);
      return withSetCookies(response, outcome.cookies);
    };
  };

  return {
    optional: (handler) => wrap('optional', handler),
    required: ((first: AuthHandler<RequiredAuthContext<Context, User>, unknown[]> | RequiredOptions) => {
      if (!isRequiredOptions(first)) return wrap('required', first);
      const requirements = resolveSessionRequirements(first);
      return (handler: AuthHandler<RequiredAuthContext<Context, User>, unknown[]>) => wrap('required', handler, requirements);
    }) as AuthentifyFetch<Context, User>['required'],
    async routes(request, runtime) {
      const response = await http.handleRoute(httpRequestFromFetch(request, runtime));
      return response === null ? null : responseFromHttp(response);
    },
    paths: http.paths,
    async login(request, input, loginOptions, runtime) {
      return responseFromHttp(await http.login(httpRequestFromFetch(request, runtime), input, loginOptions));
    },
  };
}
