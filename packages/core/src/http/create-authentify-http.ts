import type { SessionRequirements } from './session-requirements.js';
import type { Authentify } from '../authentify.js';
import { diagnosticsOf } from '../diagnostics/instance-diagnostics.js';
import { configurationError, isAuthentifyError } from '../errors.js';
import type { IssueSessionInput } from '../sessions/issue-session.js';
import { authenticateRequest } from './authenticate-request.js';
import { type AuthentifyHttpOptions, type HttpSettings, resolveHttpOptions } from './http-options.js';
import type { AuthenticationMode, AuthenticationOutcome, HttpRequest, HttpResponse } from './http-types.js';
import type { HttpRuntime } from './http-runtime.js';
import { login, type LoginOptions } from './login.js';
import { handleNavigationRefresh } from './navigation-refresh.js';
import { warnOnSecureCookieOverHttp } from './insecure-cookie-warning.js';
import { handleRefresh } from './refresh-route.js';
import { parseRequestTarget } from './request-target.js';
import { emptyResponse, errorResponse } from './responses.js';
import { matchRoute, type RoutePaths, routePaths } from './route-table.js';
import { handleSessionRoute } from './session-routes.js';

/**
 * Authentify's HTTP behaviour, framework-neutral: what the Express, Hono and Fetch adapters (and
 * any other) translate to and from. Every decision — statuses, error codes, challenges, cookies,
 * CSRF — is made here, once.
 */
export interface AuthentifyHttp<Context extends object, User> {
  /** The validated HTTP options. */
  readonly settings: HttpSettings;
  /** Where the ready-made routes answer, e.g. `paths.refresh === '/auth/refresh'`. */
  readonly paths: RoutePaths;
  /**
   * The authentication middleware's decision for a request: go on (authenticated or anonymous,
   * with cookies to add to the eventual response) or answer now (401, 400, 403, 503).
   */
  authenticate(
    request: HttpRequest,
    mode: AuthenticationMode,
    requirements?: SessionRequirements | null,
  ): Promise<AuthenticationOutcome<Context, User>>;
  /**
   * Answers a request to one of the ready-made routes, or returns `null` when the path is not
   * one of them (the request then goes on to the application). Wrong methods get 405, `OPTIONS`
   * gets 204 with `Allow`.
   */
  handleRoute(request: HttpRequest): Promise<HttpResponse | null>;
  /** The login helper: issues a session and writes its tokens (see {@link LoginOptions}). */
  login(request: HttpRequest, input: IssueSessionInput<Context>, options?: LoginOptions): Promise<HttpResponse>;
}

const AUTHENTIFY_METHODS = [
  'issueSession', 'authenticate', 'refresh', 'revokeSession', 'revokeAllSessionsOfUser',
  'revokeOtherSessionsOfUser', 'listSessionsOfUser',
] as const;

/**
 * Creates the HTTP behaviour for an Authentify instance. Validates the options now: a mistake
 * throws `AuthentifyError` `invalid_configuration` naming the option. Adapters call this in
 * their own factory; applications use an adapter.
 *
 * @throws AuthentifyError `invalid_configuration` (`auth`, `basePath`, `csrf.allowedOrigins[0]`, …).
 * @example
 * ```ts
 * import { createAuthentifyHttp, httpRequestFromFetch, responseFromHttp } from '@authentify/core/http';
 *
 * const http = createAuthentifyHttp(auth, { csrf: { allowedOrigins: ['https://app.example'] } });
 * const answer = await http.handleRoute(httpRequestFromFetch(request));
 * if (answer !== null) return responseFromHttp(answer);
 * ```
 */
export function createAuthentifyHttp<Context extends object, User>(
  auth: Authentify<Context, User>,
  options?: AuthentifyHttpOptions,
): AuthentifyHttp<Context, User> {
  checkAuthentify(auth);
  const settings = resolveHttpOptions(options, auth.settings);
  const runtime: HttpRuntime<Context, User> = { auth, settings };
  const reporter = diagnosticsOf(auth);
  /** Every response's cookies pass here once: the one place a Secure-over-http mistake shows. */
  const watchCookies = <T extends HttpResponse | null>(request: HttpRequest, response: T): T => {
    if (response !== null && response.cookies.length > 0) {
      warnOnSecureCookieOverHttp(reporter, parseRequestTarget(request.url), response.cookies);
    }
    return response;
  };

  return {
    settings,
    paths: routePaths(settings.basePath),
    async authenticate(request, mode, requirements = null) {
      const outcome = await answerStorageFailure<AuthenticationOutcome<Context, User>>(
        () => authenticateRequest(auth, settings, request, () => parseRequestTarget(request.url), mode, requirements),
        (response) => ({ action: 'respond', response }),
      );
      if (outcome.action === 'respond') watchCookies(request, outcome.response);
      else if (outcome.cookies.length > 0) warnOnSecureCookieOverHttp(reporter, parseRequestTarget(request.url), outcome.cookies);
      return outcome;
    },
    handleRoute: async (request) => watchCookies(request, await routeRequest(request)),
    login: async (request, input, loginOptions) =>
      watchCookies(
        request,
        await answerStorageFailure(
          () => login(runtime, request, parseRequestTarget(request.url), input, loginOptions),
          (response) => response,
        ),
      ),
  };

  async function routeRequest(request: HttpRequest): Promise<HttpResponse | null> {
    const target = parseRequestTarget(request.url);
    if (target.pathname === null) return null;
    const route = matchRoute(target.pathname, settings.basePath);
    if (route === null) return null;
    // The API key routes are served only when the application configured `apiKeys`.
    if (settings.apiKeys === null && (route.name === 'apiKeys' || route.name === 'apiKey' || route.name === 'rollApiKey')) return null;
    // With navigationRefresh on, the refresh route also takes the browser's GET (see handleNavigationRefresh).
    const methods = route.name === 'refresh' && settings.navigationRefresh !== null ? ['GET', 'HEAD', ...route.allow] : route.allow;
    const allow = { allow: [...methods, 'OPTIONS'].join(', ') };
    if (request.method === 'OPTIONS') return emptyResponse(204, { headers: allow });
    if (!methods.includes(request.method)) return errorResponse('method_not_allowed', { headers: allow });
    return answerStorageFailure(() => {
      if (route.name !== 'refresh') return handleSessionRoute(runtime, { ...route, name: route.name }, request, target);
      return request.method === 'POST' ? handleRefresh(runtime, request, target) : handleNavigationRefresh(runtime, request, target);
    }, (response) => response);
  }
}

/** Runs `task`; a storage failure becomes a 503 answer — never anonymous, never allowed. */
async function answerStorageFailure<T>(task: () => Promise<T>, answer: (response: HttpResponse) => T): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (isAuthentifyError(error, 'storage_unavailable')) return answer(errorResponse('storage_unavailable'));
    throw error;
  }
}

function checkAuthentify(auth: unknown): void {
  const candidate = auth as Record<string, unknown> | null;
  const problem = 'must be an Authentify instance from createAuthentify().';
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.settings !== 'object') {
    throw configurationError('auth', problem);
  }
  for (const method of AUTHENTIFY_METHODS) {
    if (typeof candidate[method] !== 'function') throw configurationError('auth', `${problem} It has no ${method}().`);
  }
}
