import type { Authentify } from '../authentify.js';
import { readAccessCredential, readCookie } from '../credentials/read-credential.js';
import type { AuthenticationFailureReason } from '../sessions/failure-reasons.js';
import type { Session } from '../sessions/session.js';
import { accessCookie, refreshCookie } from './cookies.js';
import { passesCsrfCheck } from './csrf.js';
import type { HttpSettings } from './http-options.js';
import type { AuthenticationMode, AuthenticationOutcome, HttpRequest, HttpResponse } from './http-types.js';
import { navigationRefreshRedirect } from './navigation-refresh.js';
import type { SessionRequirements } from './session-requirements.js';
import type { RequestTarget } from './request-target.js';
import { authenticationFailureResponse, errorResponse, insufficientScopeResponse } from './responses.js';
import { missingScopes } from '../sessions/scopes.js';

/**
 * {@link AuthenticationOutcome}, plus — for core's own routes, never shown to adapters — why a
 * presented cookie was refused, so a logout can tell a dead cookie from a missing one.
 */
export type AuthenticationDecision<Context extends object, User> =
  | Extract<AuthenticationOutcome<Context, User>, { action: 'continue' }>
  | {
      readonly action: 'respond';
      readonly response: HttpResponse;
      /** Set when the access cookie was the credential and core refused it (not on CSRF refusals). */
      readonly refusedCookie?: AuthenticationFailureReason;
    };

/**
 * Decides what becomes of a request that passes the authentication middleware:
 *
 * - no credential of ours (none, or a foreign `Authorization` scheme left for other middleware):
 *   anonymous in `optional` mode, 401 `missing` in `required` mode;
 * - a cookie credential on an unsafe method failing the CSRF check: 403, before any storage call;
 * - accepted, but `requirements.freshWithinMs` says the session's authentication is too old: 403
 *   `reauthentication_required` (no sliding cookie: the request did not go on);
 * - accepted, but without a scope `requirements.scopes` names: 403 `insufficient_scope` with the
 *   RFC 6750 challenge naming the scopes;
 * - accepted: goes on with the session and user, plus the re-set cookies when sliding expiry
 *   moved a cookie session's expiry;
 * - a garbled `Authorization` header of our scheme: 400 `invalid_request`, in both modes;
 * - a refused header credential: 401 in both modes — a client that sent a token must learn it no
 *   longer works, so it can refresh;
 * - in `required` mode with `navigationRefresh` on, a browser navigation without a credential or
 *   with a dead access cookie: 303 through the refresh route (see `navigationRefreshRedirect`);
 * - a refused cookie credential: 401 in `required` mode, anonymous in `optional` mode — cookies are
 *   ambient, and a stale one must not break the pages a logged-out visitor may see (the login
 *   page). Cookies are not cleared on failure: a concurrent refresh in another tab may just have
 *   replaced them.
 *
 * Storage failures propagate (`storage_unavailable`); the caller answers 503.
 */
export async function authenticateRequest<Context extends object, User>(
  auth: Authentify<Context, User>,
  settings: HttpSettings,
  request: HttpRequest,
  /**
   * The request's URL, parsed on demand: only the CSRF check and cookie writing need it, so an
   * authenticated header request — the common case — never parses it.
   */
  target: () => RequestTarget,
  mode: AuthenticationMode,
  /** What `required({ … })` asks beyond a valid session (`required` mode only). */
  requirements: SessionRequirements | null = null,
): Promise<AuthenticationDecision<Context, User>> {
  const reading = readAccessCredential(request, auth.settings);
  if (
    reading.kind === 'credential' &&
    reading.credential.transport === 'cookie' &&
    !passesCsrfCheck(request, target(), settings.csrf)
  ) {
    return { action: 'respond', response: errorResponse('csrf_rejected') };
  }

  const result = await auth.authenticate(request);
  if (result.ok) {
    const { session, user } = result;
    if (mode === 'required' && requirements?.freshWithinMs != null && !auth.isFresh(session, `${requirements.freshWithinMs}ms`)) {
      return { action: 'respond', response: errorResponse('reauthentication_required') };
    }
    if (mode === 'required' && requirements?.scopes != null && missingScopes(session.scopes, requirements.scopes).length > 0) {
      return { action: 'respond', response: insufficientScopeResponse(settings, requirements.scopes) };
    }
    const cookies =
      result.extended && session.transport === 'cookie' && reading.kind === 'credential'
        ? slidingCookies(request, reading.credential.token, session, target(), settings)
        : [];
    return { action: 'continue', auth: { session, user }, cookies };
  }

  const anonymous = { action: 'continue', auth: null, cookies: [] } as const;
  if (result.reason === 'missing' && mode === 'optional') return anonymous;
  if (result.transport === 'cookie' && mode === 'optional') return anonymous;
  const cookieRefused = reading.kind === 'credential' && reading.credential.transport === 'cookie';
  const response =
    navigationRefreshRedirect(settings, request, target(), { reason: result.reason, cookieRefused }) ??
    authenticationFailureResponse(result.reason, result.transport, settings);
  return cookieRefused ? { action: 'respond', response, refusedCookie: result.reason } : { action: 'respond', response };
}

/**
 * The cookies a sliding extension re-sets: the access cookie with its new Max-Age, and the
 * refresh cookie too when this request carries it (its path covers this page, e.g.
 * `cookies.refreshPath: '/'`) — the extension moved its token's expiry as well. Where the browser
 * does not send it here, `refreshCookie` already wrote it to outlive every such move.
 */
function slidingCookies(
  request: HttpRequest,
  accessToken: string,
  session: Session<object>,
  target: RequestTarget,
  settings: HttpSettings,
): string[] {
  const cookies = [accessCookie(accessToken, session, target, settings.cookies)];
  const refreshToken = session.refreshExpiresAt === null ? undefined : readCookie(request, settings.cookies.names.refresh);
  if (refreshToken !== undefined) cookies.push(refreshCookie(refreshToken, session, target, settings.cookies));
  return cookies;
}
