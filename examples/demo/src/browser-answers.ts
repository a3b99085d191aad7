import type { RoutePaths } from '@authentify/hono';
import type { MiddlewareHandler } from 'hono';
import { errorPage } from './pages/error-page.js';

/** Where a successful form post to one of Authentify's routes leads, given its JSON answer. */
type Destination = (answer: { revokedSessions?: unknown }) => string;

/**
 * Lets plain HTML forms use Authentify's ready-made routes, which answer JSON (for scripts and
 * API clients):
 *
 * - A browser's form post to `/auth/logout`, `/auth/logout-all` or `/auth/logout-others` that
 *   succeeded is answered with a 303 to a page instead of the JSON. So is a logout whose
 *   session had already ended (401): the user wanted out, and is out. The route's `Set-Cookie`
 *   headers — the cleared session cookies — are kept: Hono copies the headers of the response
 *   it replaces.
 * - Any other JSON error that reaches a browser navigation (a CSRF refusal, a 503) becomes an
 *   HTML page with the same status and error code.
 *
 * Requests that do not accept `text/html` — curl, scripts, API clients — get the JSON as is.
 */
export function browserAnswers(paths: RoutePaths): MiddlewareHandler {
  const destinations: Record<string, Destination> = {
    [paths.logout]: () => '/login?notice=signed-out',
    [paths.logoutAll]: () => '/login?notice=signed-out-everywhere',
    [paths.logoutOthers]: (answer) => `/devices?notice=others-signed-out&count=${Number(answer.revokedSessions) || 0}`,
  };

  return async function browserAnswersMiddleware(c, next) {
    await next();
    if (!acceptsHtml(c.req.header('accept')) || !isJson(c.res)) return;
    const destination = c.req.method === 'POST' && isFormPost(c.req.header('content-type')) ? destinations[c.req.path] : undefined;
    if (destination !== undefined && (c.res.status === 200 || c.res.status === 401)) {
      const location = c.res.status === 200 ? destination(await c.res.clone().json()) : '/login?notice=session-ended';
      c.res = new Response(null, { status: 303, headers: { location } });
      return;
    }
    if (c.res.status >= 400) {
      const { error } = (await c.res.clone().json().catch(() => ({}))) as { error?: unknown };
      const code = typeof error === 'string' ? error : 'error';
      c.res = new Response(await errorPage(c.res.status, code), {
        status: c.res.status,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      });
    }
  };
}

/** A browser navigation or form submission lists `text/html`; fetch() and curl do not. */
function acceptsHtml(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/html\b/i.test(accept);
}

function isFormPost(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType);
}

function isJson(response: Response): boolean {
  return /^application\/json\b/i.test(response.headers.get('content-type') ?? '');
}
