import { isAuthentifyError } from '../errors.js';
import type { AuthenticationFailureReason } from '../sessions/failure-reasons.js';
import { authenticateRequest } from './authenticate-request.js';
import { clearedCookies, DEAD_COOKIE_REASONS } from './cookies.js';
import { passesCsrfCheck } from './csrf.js';
import type { HttpRequest, HttpResponse, RequestAuth } from './http-types.js';
import type { HttpRuntime } from './http-runtime.js';
import type { RequestTarget } from './request-target.js';
import { handleApiKeyRoute } from './api-key-routes.js';
import { emptyResponse, errorResponse, insufficientScopeResponse, jsonResponse } from './responses.js';
import { formDestination, isFormPost } from './return-to.js';
import type { RouteMatch } from './route-table.js';
import { sessionJson } from './session-json.js';

type SessionRouteName = Exclude<RouteMatch['name'], 'refresh'>;

/** The shape of a session id (22 base62 characters today; some slack for the future). */
const SESSION_ID = /^[A-Za-z0-9]{1,64}$/;

/**
 * The routes that act on the current user's sessions. Each authenticates the request as the
 * `required` middleware does (CSRF check included); answers carry a sliding-extension cookie
 * when one is due, and the logouts clear the session cookies.
 *
 * - `POST /logout`: revokes the current session → `{ revokedSessions: 1 }`.
 * - `POST /logout-all`: revokes every session of the user → `{ revokedSessions: n }`.
 * - `POST /logout-others`: every session but the current one → `{ revokedSessions: n }`.
 * - `GET /sessions`: the user's live sessions, newest first, the current one marked
 *   `current: true` → `{ sessions: [...] }`.
 * - `PATCH /sessions/:id` with the JSON body `{ "label": "Work laptop" }` (or `null` to remove
 *   it): renames one of the user's own sessions → `{ session }`, or 404 `session_not_found`; a
 *   body that is not exactly that is 400 `invalid_body`, one past 16 KiB 413 `body_too_large`.
 * - `DELETE /sessions/:id`, and `POST /sessions/:id/revoke` for forms: revokes one of the user's
 *   own sessions → `{ revokedSessions: 1 }`, or 404 `session_not_found` when it is not one of
 *   theirs (or does not exist).
 *
 * An API key is refused on every one of these routes (403 `insufficient_scope`): they need a
 * login. The API key routes (`/api-keys…`, see `handleApiKeyRoute`) are answered here too.
 *
 * A successful form post (see {@link isFormPost}) to any of the `POST` routes answers
 * `303 See Other` to its same-origin `return_to` (or `defaultReturnTo`) instead, with the same
 * cookies; refusals answer as for any caller.
 */
export async function handleSessionRoute<Context extends object, User>(
  runtime: HttpRuntime<Context, User>,
  route: RouteMatch & { name: SessionRouteName },
  request: HttpRequest,
  target: RequestTarget,
): Promise<HttpResponse> {
  const outcome = await authenticateRequest(runtime.auth, runtime.settings, request, () => target, 'required');
  if (outcome.action === 'respond') {
    return clearsDeadCookie(runtime, route, request, target, outcome.refusedCookie)
      ? { ...outcome.response, cookies: [...outcome.response.cookies, ...clearedCookies(target, runtime.settings.cookies)] }
      : outcome.response;
  }
  // In `required` mode, going on always means authenticated.
  const current = outcome.auth as RequestAuth<Context, User>;
  const cookies = outcome.cookies;
  // These routes manage a user's logins and keys: an API key, whatever its scopes, may not.
  if (current.session.kind === 'api_key') return insufficientScopeResponse(runtime.settings, []);
  const clearing = current.session.transport === 'cookie' ? clearedCookies(target, runtime.settings.cookies) : [];
  const { auth } = runtime;
  const { id, userId } = current.session;
  const done = (body: { revokedSessions: number }, answerCookies: readonly string[]): HttpResponse => {
    const location = isFormPost(request) ? formDestination(target, runtime.settings.defaultReturnTo) : null;
    if (location === null) return jsonResponse(200, body, { cookies: answerCookies });
    return emptyResponse(303, { cookies: answerCookies, headers: { location } });
  };

  switch (route.name) {
    case 'apiKeys':
    case 'apiKey':
    case 'rollApiKey':
      return handleApiKeyRoute(runtime, { ...route, name: route.name }, request, current, runtime.settings.apiKeys?.scopes ?? [], cookies);
    case 'logout': {
      const revoked = await auth.revokeSession(id, { reason: 'logout', request });
      return done({ revokedSessions: revoked ? 1 : 0 }, clearing);
    }
    case 'logoutAll': {
      const revokedSessions = await auth.revokeAllSessionsOfUser(userId, { request });
      return done({ revokedSessions }, clearing);
    }
    case 'logoutOthers': {
      const revokedSessions = await auth.revokeOtherSessionsOfUser(userId, id, { request });
      return done({ revokedSessions }, cookies);
    }
    case 'listSessions': {
      const sessions = await auth.listSessionsOfUser(userId);
      const body = sessions.map((session) => ({ ...sessionJson(session), current: session.id === id }));
      return jsonResponse(200, { sessions: body }, { cookies });
    }
    case 'revokeSession':
    case 'revokeSessionForm': {
      const sessionId = route.sessionId ?? '';
      // Ids are core's base62 strings; anything else (NUL bytes, 300 characters) is not asked of
      // storage — some databases would fail on it rather than find nothing.
      if (!SESSION_ID.test(sessionId)) return errorResponse('session_not_found', { cookies });
      if (request.method === 'PATCH') return renameSession(runtime, request, sessionId, current, cookies);
      // The ownership check is part of the storage step: another user's id is simply not found.
      const revoked = await auth.revokeSession(sessionId, { userId, reason: 'revoked', request });
      if (!revoked) return errorResponse('session_not_found', { cookies });
      return done({ revokedSessions: 1 }, sessionId === id ? clearing : cookies);
    }
  }
}

/** `PATCH /sessions/:id`: the label of one of the user's own sessions, checked by core. */
async function renameSession<Context extends object, User>(
  runtime: HttpRuntime<Context, User>,
  request: HttpRequest,
  sessionId: string,
  current: RequestAuth<Context, User>,
  cookies: readonly string[],
): Promise<HttpResponse> {
  const body = await request.readJsonBody();
  // The rest of the body stays unread: the connection cannot carry another request after it.
  if (body.kind === 'too_large') return errorResponse('body_too_large', { cookies, headers: { connection: 'close' } });
  if (body.kind !== 'json') return errorResponse('invalid_body', { cookies });
  const value = body.value as Record<string, unknown> | null;
  const isLabelBody =
    typeof value === 'object' && value !== null && !Array.isArray(value) &&
    Object.keys(value).length === 1 && 'label' in value && (value.label === null || typeof value.label === 'string');
  if (!isLabelBody) return errorResponse('invalid_body', { cookies });
  let updated: Awaited<ReturnType<typeof runtime.auth.updateSession>>;
  try {
    updated = await runtime.auth.updateSession(sessionId, { label: value.label as string | null }, { userId: current.session.userId });
  } catch (error) {
    // A label core refuses (empty, too long, a line break) is the client's mistake: a 400.
    if (isAuthentifyError(error, 'invalid_argument')) return errorResponse('invalid_body', { cookies });
    throw error;
  }
  if (updated === null) return errorResponse('session_not_found', { cookies });
  return jsonResponse(200, { session: { ...sessionJson(updated), current: updated.id === current.session.id } }, { cookies });
}

/**
 * Whether a refused logout clears the session cookies. Only when the request itself presented
 * an access cookie that can never work again, and passes the origin check: the user asked to
 * be logged out, and a dead cookie is of no use to them. Never when no cookie came with the
 * request — that is what a cross-site form post looks like under `SameSite=Lax`, and clearing
 * then would let any page log its visitors out (forced logout) while their session lives on.
 */
function clearsDeadCookie(
  runtime: HttpRuntime<object, unknown>,
  route: RouteMatch,
  request: HttpRequest,
  target: RequestTarget,
  refusedCookie: AuthenticationFailureReason | undefined,
): boolean {
  if (route.name !== 'logout' && route.name !== 'logoutAll') return false;
  if (refusedCookie === undefined || !DEAD_COOKIE_REASONS.has(refusedCookie)) return false;
  // Already checked before the cookie was looked up; kept here so the rule reads whole.
  return passesCsrfCheck(request, target, runtime.settings.csrf);
}
