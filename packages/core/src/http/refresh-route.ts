import { readCookie } from '../credentials/read-credential.js';
import type { Transport } from '../storage/session-record.js';
import { clearedCookies, sessionCookies } from './cookies.js';
import { passesCsrfCheck } from './csrf.js';
import { HTTP_ERROR_STATUS } from './error-codes.js';
import type { HttpRequest, HttpResponse } from './http-types.js';
import type { HttpRuntime } from './http-runtime.js';
import type { RequestTarget } from './request-target.js';
import { errorResponse, jsonResponse } from './responses.js';
import { issuedSessionJson } from './session-json.js';

/**
 * `POST {basePath}/refresh`: rotates a session's tokens.
 *
 * - Header sessions send `{ "refreshToken": "afy_rt_…" }` as JSON and get the new pair in the
 *   JSON answer.
 * - Cookie sessions send an empty body; the browser adds the refresh cookie (its path is this
 *   route). The new pair comes back as cookies only. CSRF-checked like any cookie request.
 *
 * A retry with a token rotated moments ago (inside `refreshReuseGrace`: a lost response, two
 * tabs racing) answers 200 with the very pair that rotation handed out, as JSON or cookies. A
 * body that is not empty and not such an object is a 400; a reused token is a 401
 * `refresh_token_reused` (and the session is revoked); a token rotated moments ago whose new
 * pair was itself rotated since a 409 `refresh_token_superseded`. A refused cookie refresh
 * clears the cookies — except on 409, where another tab has just written fresh ones.
 */
export async function handleRefresh<Context extends object, User>(
  runtime: HttpRuntime<Context, User>,
  request: HttpRequest,
  target: RequestTarget,
): Promise<HttpResponse> {
  const { auth, settings } = runtime;
  const body = await request.readJsonBody();
  // The rest of the body stays unread: the connection cannot carry another request after it.
  if (body.kind === 'too_large') return errorResponse('body_too_large', { headers: { connection: 'close' } });
  if (body.kind === 'invalid') return errorResponse('invalid_body');

  let token: string | undefined;
  let transport: Transport = 'header';
  if (body.kind === 'json') {
    const value = body.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return errorResponse('invalid_body');
    const field = (value as { refreshToken?: unknown }).refreshToken;
    if (field !== undefined && typeof field !== 'string') return errorResponse('invalid_body');
    token = field;
  }
  if (token === undefined) {
    token = readCookie(request, settings.cookies.names.refresh);
    transport = 'cookie';
    if (token === undefined) return errorResponse('missing');
    if (!passesCsrfCheck(request, target, settings.csrf)) return errorResponse('csrf_rejected');
  }

  const result = await auth.refresh(token, transport, { request });
  if (result.ok) {
    const cookies = transport === 'cookie' ? sessionCookies(result, target, settings.cookies) : [];
    return jsonResponse(200, issuedSessionJson(result, transport, settings.scheme), { cookies });
  }
  const clear = transport === 'cookie' && HTTP_ERROR_STATUS[result.reason] === 401;
  return errorResponse(result.reason, { cookies: clear ? clearedCookies(target, settings.cookies) : [] });
}
