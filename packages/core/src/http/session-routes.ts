import { readAccessCredential } from '../credentials/read-credential.js';
import { authenticateRequest } from './authenticate-request.js';
import { clearedCookies } from './cookies.js';
import type { HttpRequest, HttpResponse, RequestAuth } from './http-types.js';
import type { HttpRuntime } from './http-runtime.js';
import type { RequestTarget } from './request-target.js';
import { errorResponse, jsonResponse } from './responses.js';
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
 * - `DELETE /sessions/:id`: revokes one of the user's own sessions → `{ revokedSessions: 1 }`,
 *   or 404 `session_not_found` when it is not one of theirs (or does not exist).
 */
export async function handleSessionRoute<Context extends object, User>(
  runtime: HttpRuntime<Context, User>,
  route: RouteMatch & { name: SessionRouteName },
  request: HttpRequest,
  target: RequestTarget,
): Promise<HttpResponse> {
  const outcome = await authenticateRequest(runtime.auth, runtime.settings, request, () => target, 'required');
  if (outcome.action === 'respond') return withLogoutClearing(runtime, route, request, target, outcome.response);
  // In `required` mode, going on always means authenticated.
  const current = outcome.auth as RequestAuth<Context, User>;
  const cookies = outcome.cookies;
  const clearing = current.session.transport === 'cookie' ? clearedCookies(target, runtime.settings.cookies) : [];
  const { auth } = runtime;
  const { id, userId } = current.session;

  switch (route.name) {
    case 'logout': {
      const revoked = await auth.revokeSession(id, { reason: 'logout' });
      return jsonResponse(200, { revokedSessions: revoked ? 1 : 0 }, { cookies: clearing });
    }
    case 'logoutAll': {
      const revokedSessions = await auth.revokeAllSessionsOfUser(userId);
      return jsonResponse(200, { revokedSessions }, { cookies: clearing });
    }
    case 'logoutOthers': {
      const revokedSessions = await auth.revokeOtherSessionsOfUser(userId, id);
      return jsonResponse(200, { revokedSessions }, { cookies });
    }
    case 'listSessions': {
      const sessions = await auth.listSessionsOfUser(userId);
      const body = sessions.map((session) => ({ ...sessionJson(session), current: session.id === id }));
      return jsonResponse(200, { sessions: body }, { cookies });
    }
    case 'revokeSession': {
      const sessionId = route.sessionId ?? '';
      // Ids are core's base62 strings; anything else (NUL bytes, 300 characters) is not asked of
      // storage — some databases would fail on it rather than find nothing.
      if (!SESSION_ID.test(sessionId)) return errorResponse('session_not_found', { cookies });
      // The ownership check is part of the storage step: another user's id is simply not found.
      const revoked = await auth.revokeSession(sessionId, { userId, reason: 'revoked' });
      if (!revoked) return errorResponse('session_not_found', { cookies });
      return jsonResponse(200, { revokedSessions: 1 }, { cookies: sessionId === id ? clearing : cookies });
    }
  }
}

/**
 * A logout whose credential was refused or missing still clears the session cookies: the user
 * asked to be logged out, and whatever cookies the browser holds are of no use any more. Not
 * for header credentials (there are no cookies) nor for a CSRF refusal (a refused request
 * changes nothing).
 */
function withLogoutClearing(
  runtime: HttpRuntime<object, unknown>,
  route: RouteMatch,
  request: HttpRequest,
  target: RequestTarget,
  response: HttpResponse,
): HttpResponse {
  if ((route.name !== 'logout' && route.name !== 'logoutAll') || response.status !== 401) return response;
  const reading = readAccessCredential(request, runtime.auth.settings);
  if (reading.kind === 'credential' && reading.credential.transport === 'header') return response;
  return { ...response, cookies: [...response.cookies, ...clearedCookies(target, runtime.settings.cookies)] };
}
