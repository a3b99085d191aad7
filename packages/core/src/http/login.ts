import { AuthentifyError, isAuthentifyError } from '../errors.js';
import type { IssueSessionInput } from '../sessions/issue-session.js';
import { sessionCookies } from './cookies.js';
import { passesCsrfCheck } from './csrf.js';
import type { HttpRequest, HttpResponse } from './http-types.js';
import type { HttpRuntime } from './http-runtime.js';
import type { RequestTarget } from './request-target.js';
import { emptyResponse, errorResponse, jsonResponse } from './responses.js';
import { issuedSessionJson } from './session-json.js';

/** Options of the login helper. */
export interface LoginOptions {
  /**
   * For cookie sessions started by an HTML form: answer `303 See Other` to this same-site path
   * (`/devices`) instead of JSON. Must start with a single `/`, so it cannot redirect off-site
   * even when taken from a query parameter. [none: JSON]
   */
  redirectTo?: string;
}

/**
 * Starts a session after the application has checked the user's credentials, and writes it
 * into the answer: the tokens as JSON for a `header` session; `HttpOnly` cookies (and a JSON
 * body without tokens, or a 303 to `redirectTo`) for a `cookie` session.
 *
 * A cookie login from a foreign origin is refused with 403 `csrf_rejected` (login CSRF would log
 * the victim into the attacker's account). `session_limit_reached` answers 409; storage failures
 * 503. Other errors — `invalid_context`, `invalid_argument` — are the application's mistakes and
 * are thrown to its error handling.
 *
 * @throws AuthentifyError `invalid_argument` for a `redirectTo` that is not a same-site path or is
 *   given for a header session; whatever `issueSession` throws besides the two above.
 */
export async function login<Context extends object, User>(
  runtime: HttpRuntime<Context, User>,
  request: HttpRequest,
  target: RequestTarget,
  input: IssueSessionInput<Context>,
  options: LoginOptions = {},
): Promise<HttpResponse> {
  const { auth, settings } = runtime;
  const redirectTo = checkRedirect(options?.redirectTo, input?.transport);
  if (input?.transport === 'cookie' && !passesCsrfCheck(request, target, settings.csrf)) {
    return errorResponse('csrf_rejected');
  }
  let issued;
  try {
    issued = await auth.issueSession({ ...input, request });
  } catch (error) {
    if (isAuthentifyError(error, 'session_limit_reached')) return errorResponse('session_limit_reached');
    throw error;
  }
  const transport = issued.session.transport;
  const cookies = transport === 'cookie' ? sessionCookies(issued, target, settings.cookies) : [];
  if (redirectTo !== undefined) return emptyResponse(303, { cookies, headers: { location: redirectTo } });
  return jsonResponse(200, issuedSessionJson(issued, transport, settings.scheme), { cookies });
}

/** Same-site paths only: `/x` but not `//evil.example` or `/\evil.example` (both leave the site). */
const SAME_SITE_PATH = /^\/(?![/\\])[\x21-\x7E]*$/;

function checkRedirect(redirectTo: unknown, transport: unknown): string | undefined {
  if (redirectTo === undefined) return undefined;
  if (typeof redirectTo !== 'string' || !SAME_SITE_PATH.test(redirectTo)) {
    throw new AuthentifyError('invalid_argument', `redirectTo must be a path on this site starting with a single '/', got ${JSON.stringify(redirectTo)}.`);
  }
  if (transport !== 'cookie') {
    throw new AuthentifyError('invalid_argument', 'redirectTo is for cookie sessions: a header session must receive its tokens in the JSON answer.');
  }
  return redirectTo;
}
