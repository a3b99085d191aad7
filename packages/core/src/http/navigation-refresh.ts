import { readCookie } from '../credentials/read-credential.js';
import type { AuthenticationFailureReason } from '../sessions/failure-reasons.js';
import { clearedCookies, DEAD_COOKIE_REASONS, sessionCookies } from './cookies.js';
import { HTTP_ERROR_STATUS, type HttpErrorCode } from './error-codes.js';
import { cookiePathCovers, type HttpSettings } from './http-options.js';
import type { HttpRequest, HttpResponse } from './http-types.js';
import type { HttpRuntime } from './http-runtime.js';
import type { RequestTarget } from './request-target.js';
import { emptyResponse, errorResponse } from './responses.js';
import { RETURN_TO_PARAMETER, sameOriginLocation } from './return-to.js';

/** Methods a browser navigates with. */
const NAVIGATION_METHODS = new Set(['GET', 'HEAD']);

/**
 * Whether the request is a browser's top-level navigation: `Sec-Fetch-Mode: navigate` and
 * `Sec-Fetch-Dest: document` where the browser sends Fetch Metadata (every current one), else an
 * `Accept` that lists `text/html`. A script's `fetch()` (mode `cors` / `same-origin`), an
 * `<img>` (`no-cors`) or an `<iframe>` (dest `iframe`) is not one.
 */
export function isTopLevelNavigation(request: HttpRequest): boolean {
  if (!NAVIGATION_METHODS.has(request.method.toUpperCase())) return false;
  const mode = request.header('sec-fetch-mode');
  if (typeof mode === 'string') {
    const dest = request.header('sec-fetch-dest');
    return mode.trim().toLowerCase() === 'navigate' && (typeof dest !== 'string' || dest.trim().toLowerCase() === 'document');
  }
  const accept = request.header('accept');
  return typeof accept === 'string' && /(?:^|[\s,])text\/html\s*(?:[;,]|$)/i.test(accept);
}

/**
 * The `303` the `required` middleware answers instead of a 401 when `navigationRefresh` is on and
 * a refresh may log the browser back in: a top-level navigation with no credential at all (the
 * access cookie ends with its token, and the refresh cookie — scoped to the refresh route — is
 * not visible here) or with an access cookie that can never work again. `null` when the 401
 * stands: any other caller, a header credential, a `refused` / `user_inactive` cookie (a refresh
 * would not change the verdict: that would loop), a page the access cookie's path does not cover
 * (a refreshed cookie would never be sent to it: that would loop too), the login page itself, or
 * a page whose address is not a usable `return_to`.
 */
export function navigationRefreshRedirect(
  settings: HttpSettings,
  request: HttpRequest,
  target: RequestTarget,
  refusal: { reason: AuthenticationFailureReason; cookieRefused: boolean },
): HttpResponse | null {
  const navigation = settings.navigationRefresh;
  if (navigation === null || target.pathname === null) return null;
  const refreshable = refusal.cookieRefused
    ? DEAD_COOKIE_REASONS.has(refusal.reason)
    : refusal.reason === 'missing' && request.header('authorization') == null;
  if (!refreshable || !isTopLevelNavigation(request)) return null;
  const refreshPath = `${settings.basePath}/refresh`;
  if (target.pathname === refreshPath || !cookiePathCovers(settings.cookies.path, target.pathname)) return null;
  if (navigation.loginPath !== null && target.pathname === new URL(navigation.loginPath, 'http://h').pathname) return null;
  const returnTo = sameOriginLocation(`${target.pathname}${target.search}`, target);
  if (returnTo === null) return null;
  return emptyResponse(303, { headers: { location: withReturnTo(refreshPath, returnTo) } });
}

/**
 * `GET` (and `HEAD`) `{basePath}/refresh` when `navigationRefresh` is on: the browser arrives here
 * by the middleware's redirect, carrying the refresh cookie (its path is this route). Success
 * rotates the tokens, sets both cookies and answers `303` to the same-origin `return_to` (else
 * `defaultReturnTo`, else `/`). Any failure answers `303` to `loginPath` (with `return_to`), or
 * the JSON error without one — never back to the page, so a dead session cannot loop. A refusal
 * with 401 clears the cookies, as the `POST` does; a 409 (another tab rotated a moment ago) does
 * not.
 *
 * The rotation is a state change on a `GET`, which is safe here: it only renews the browser's own
 * session, the new tokens go to that browser's cookie jar, and nothing in the answer is readable
 * by another site. Fetch Metadata must still show a top-level navigation — from any site, as
 * `SameSite=Lax` itself allows: a link from a mail or another site must log the person back in,
 * and a redirect chain that began on another site is `cross-site` all along. A script's `fetch()`,
 * an `<img>` or an `<iframe>` is refused with 403 `csrf_rejected`.
 */
export async function handleNavigationRefresh<Context extends object, User>(
  runtime: HttpRuntime<Context, User>,
  request: HttpRequest,
  target: RequestTarget,
): Promise<HttpResponse> {
  const { auth, settings } = runtime;
  if (settings.csrf !== null && !isTopLevelNavigation(request) && request.header('sec-fetch-mode') != null) {
    return errorResponse('csrf_rejected');
  }
  const requested = new URLSearchParams(target.search).get(RETURN_TO_PARAMETER);
  const destination = sameOriginLocation(requested, target) ?? sameOriginLocation(settings.defaultReturnTo, target) ?? '/';

  const token = readCookie(request, settings.cookies.names.refresh);
  if (token === undefined) return failed(settings, 'missing', destination, []);
  const result = await auth.refresh(token, 'cookie', { request });
  if (result.ok) {
    return emptyResponse(303, { cookies: sessionCookies(result, target, settings.cookies), headers: { location: destination } });
  }
  const clear = HTTP_ERROR_STATUS[result.reason] === 401 ? clearedCookies(target, settings.cookies) : [];
  return failed(settings, result.reason, destination, clear);
}

function failed(settings: HttpSettings, reason: HttpErrorCode, destination: string, cookies: readonly string[]): HttpResponse {
  const loginPath = settings.navigationRefresh?.loginPath ?? null;
  if (loginPath === null) return errorResponse(reason, { cookies });
  return emptyResponse(303, { cookies, headers: { location: withReturnTo(loginPath, destination) } });
}

/** `path` with `return_to` set (percent-encoded), keeping the query it already has. */
function withReturnTo(path: string, returnTo: string): string {
  const url = new URL(path, 'http://h');
  url.searchParams.set(RETURN_TO_PARAMETER, returnTo);
  return `${url.pathname}${url.search}`;
}
